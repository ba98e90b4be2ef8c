"""The CI audit's verdict (scripts/audit_verdict.py) on pip-audit reports: a fixable
advisory fails the build unless it is a documented exception; one without a fix warns;
a report where nothing could be audited never passes for "clean"."""
import json
import runpy
from pathlib import Path

import pytest

verdict = runpy.run_path(str(Path(__file__).resolve().parents[2] / "scripts" / "audit_verdict.py"))["main"]
REAL_EXCEPTIONS = Path(__file__).resolve().parents[2] / "security" / "audit-exceptions.txt"


def report(tmp_path, *dependencies):
    path = tmp_path / "report.json"
    path.write_text(json.dumps({"dependencies": list(dependencies), "fixes": []}))
    return str(path)


def dep(name, version, *vulns):
    return {"name": name, "version": version, "vulns": list(vulns)}


def vuln(advisory, fixes, aliases=()):
    return {"id": advisory, "fix_versions": list(fixes), "aliases": list(aliases), "description": "…"}


def test_a_clean_report_passes(tmp_path, capsys):
    assert verdict(report(tmp_path, dep("django", "5.2.19"), dep("wagtail", "8.0.1")), REAL_EXCEPTIONS) == 0
    assert "2 of 2 packages audited, 0 fixable" in capsys.readouterr().out


def test_a_vulnerability_with_a_fix_fails(tmp_path, capsys):
    path = report(tmp_path, dep("django", "5.2.0", vuln("PYSEC-2025-47", ["5.2.2"], ["CVE-2025-48432"])))
    assert verdict(path, REAL_EXCEPTIONS) == 1
    assert "django 5.2.0: PYSEC-2025-47 (fixed in 5.2.2)" in capsys.readouterr().out


def test_a_documented_exception_passes_by_advisory_or_alias(tmp_path):
    exceptions = tmp_path / "exceptions.txt"
    exceptions.write_text("# ids and why\nCVE-2025-48432  only affects logging of a view we don't route\n")
    path = report(tmp_path, dep("django", "5.2.0", vuln("PYSEC-2025-47", ["5.2.2"], ["CVE-2025-48432"])))
    assert verdict(path, str(exceptions)) == 0


def test_a_vulnerability_without_a_fix_only_warns(tmp_path, capsys):
    assert verdict(report(tmp_path, dep("purl", "1.6", vuln("GHSA-xxxx", []))), REAL_EXCEPTIONS) == 0
    assert "No fix released yet" in capsys.readouterr().out


@pytest.mark.parametrize("required, status", [("", 0), ("1", 1)])
def test_nothing_audited_is_reported_and_fails_when_required(tmp_path, capsys, monkeypatch, required, status):
    monkeypatch.setenv("AUDIT_REQUIRED", required)
    skipped = {"name": "django", "skip_reason": "Dependency not found on PyPI and could not be audited"}
    assert verdict(report(tmp_path, skipped), REAL_EXCEPTIONS) == status
    assert "NOT AUDITED" in capsys.readouterr().out
