"""Reads pip-audit's JSON report and decides the CI step's outcome.

Exit 1 on an advisory that has a fixed version and no documented exception; advisories
with no fix yet are listed as warnings. pip-audit gets advisories from PyPI's JSON API:
where that API is out of reach (a mirror or proxy serving only the package index) every
package comes back "skipped". That is reported loudly as "not audited" and fails only when
AUDIT_REQUIRED=1, so a network without the API doesn't block CI but can't pass for clean.
"""
import json
import os
import sys


def exceptions(path):
    accepted = {}
    with open(path, encoding="utf-8") as lines:
        for line in lines:
            line = line.split("#", 1)[0].strip()
            if line:
                advisory, _, reason = line.partition(" ")
                accepted[advisory] = reason.strip()
    return accepted


def classify(report, accepted):
    found = {"fixable": [], "no_fix": [], "accepted": [], "skipped": []}
    for dep in report.get("dependencies", []):
        if dep.get("skip_reason"):
            found["skipped"].append(f"{dep['name']}: {dep['skip_reason']}")
        for vuln in dep.get("vulns", []):
            ids = {vuln["id"], *vuln.get("aliases", [])}
            fixes = ", ".join(vuln.get("fix_versions", [])) or "—"
            line = f"{dep['name']} {dep['version']}: {vuln['id']} (fixed in {fixes})"
            if ids & accepted.keys():
                found["accepted"].append(f"{line}: {accepted[sorted(ids & accepted.keys())[0]]}")
            else:
                found["fixable" if vuln.get("fix_versions") else "no_fix"].append(line)
    return found


def main(report_path, exceptions_path):
    with open(report_path, encoding="utf-8") as handle:
        report = json.load(handle)
    found = classify(report, exceptions(exceptions_path))
    total = len(report.get("dependencies", []))
    for title, key in (("Accepted exceptions", "accepted"), ("No fix released yet", "no_fix"),
                       ("Vulnerable, fix available: upgrade the pin", "fixable")):
        if found[key]:
            print(f"{title}:", *(f"  {entry}" for entry in found[key]), sep="\n")
    audited = total - len(found["skipped"])
    print(f"Dependency audit: {audited} of {total} packages audited, {len(found['fixable'])} fixable "
          f"vulnerabilities, {len(found['no_fix'])} without a fix, {len(found['accepted'])} accepted.")
    if found["fixable"]:
        return 1
    if total and not audited:
        print("NOT AUDITED: no advisory data reached (PyPI's JSON API is unreachable from this network).")
        return 1 if os.environ.get("AUDIT_REQUIRED") == "1" else 0
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
