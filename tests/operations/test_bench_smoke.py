"""The benchmarks still run on today's schema: each script under bench/ at its tiny size, as
a subprocess, so a migration that breaks one fails the suite instead of the next person who
measures. The figures printed are not checked (the machine is shared); that every report,
engine and page answered is.

They need PostgreSQL (the server DATABASE_URL names, else larder@127.0.0.1:5432); the load
benchmark also needs wrk, gunicorn and Redis. Migrating an empty database takes minutes,
so one migrated template is kept per schema (keyed by the migration files) and each
benchmark starts from a copy of it.
"""
import hashlib
import importlib.util
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import psycopg
import pytest
import requests

from bench import databases
from tests import services

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.services
TIMEOUT = 900  # seconds a script may take on a loaded 2-core machine


def postgres_server():
    """The PostgreSQL server URL (no database name) and the name the test databases start with."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        url = "postgres://larder:larder@127.0.0.1:5432/larder"
    server, name = url.rsplit("/", 1)
    try:
        psycopg.connect(f"{server}/postgres", connect_timeout=3).close()
        reachable = True
    except psycopg.Error:
        reachable = False
    services.require("PostgreSQL", reachable, f"start it with `scripts/start-services postgres` ({server})")
    return server, f"{name}_bench"


def schema_key():
    """Changes whenever a migration (ours or an installed package's) does."""
    digest = hashlib.sha256((ROOT / "requirements.txt").read_bytes())
    for path in sorted(ROOT.glob("*/**/migrations/*.py")):
        if ".venv" not in path.parts and "node_modules" not in path.parts:
            digest.update(str(path.relative_to(ROOT)).encode() + path.read_bytes())
    return digest.hexdigest()[:10]


def clean_env(**extra):
    """The environment a person running the script has: none of the test run's settings."""
    keep = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "CI", "JAVA_HOME")
    return {**{k: os.environ[k] for k in keep if k in os.environ}, "PYTHONUNBUFFERED": "1", **extra}


def run(script, *args, env):
    result = subprocess.run([sys.executable, str(ROOT / "bench" / script), *args], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=TIMEOUT)
    print(result.stdout)  # the figures, for `-s`
    assert result.returncode == 0, f"bench/{script} exited {result.returncode}:\n{result.stdout}\n{result.stderr}"
    return result.stdout


@pytest.fixture(scope="module")
def server():
    return postgres_server()


@pytest.fixture(scope="module")
def template(server):
    """A migrated database for the schema as it is now, built once and renamed when complete."""
    url, prefix = server
    name = f"{prefix}_tpl_{schema_key()}"
    if not databases.exists(url, name):
        building = f"{name}_building"
        databases.drop(url, building)
        databases.create(url, building)
        result = subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT,
                                env=clean_env(DATABASE_URL=f"{url}/{building}", SECRET_KEY="bench-smoke"),
                                capture_output=True, text=True, timeout=TIMEOUT)
        assert result.returncode == 0, result.stderr
        databases.rename(url, building, name)
        with databases.admin(url) as conn:
            stale = conn.execute("SELECT datname FROM pg_database WHERE datname LIKE %s AND datname <> %s",
                                 [f"{prefix}_tpl_%", name]).fetchall()
        for (old,) in stale:
            databases.drop(url, old)
    return name


def test_the_reports_benchmark_builds_every_report_at_tiny_size(server, template):
    url, prefix = server

    out = run("reports.py", "--tiny", "--database", f"{prefix}_reports", "--template", template,
              env=clean_env(BENCH_PG=url))

    report_lines = [line for line in out.splitlines() if line.startswith(("sales,", "inventory,", "customers,"))]
    assert len(report_lines) == 7
    assert all(line.split()[-1] == "done" for line in report_lines), out
    assert not databases.exists(url, f"{prefix}_reports")  # dropped afterwards


def test_the_catalogue_import_benchmark_checks_imports_and_reimports_at_tiny_size(server, template):
    url, prefix = server
    name = f"{prefix}_catalogue_files"
    databases.drop(url, name)
    try:
        out = run("catalogue_import.py", "--tiny", "--database", name, "--template", template,
                  env=clean_env(BENCH_PG=url))
    finally:
        databases.drop(url, name)

    steps = [line for line in out.splitlines() if line.startswith(("| catalogue,", "| stock only"))]
    assert len(steps) == 6 and not any("UNEXPECTED" in line for line in steps), out


def test_the_newsletter_benchmark_sends_to_everyone_at_tiny_size(server, template):
    url, prefix = server

    out = run("newsletter_send.py", "--tiny", "--database", f"{prefix}_newsletter", "--template", template,
              "--drop", env=clean_env(BENCH_PG=url))

    assert "emails/s" in out and out.strip().splitlines()[-1] == "done", out
    assert not databases.exists(url, f"{prefix}_newsletter")  # dropped afterwards


def test_the_search_benchmark_runs_every_engine_at_tiny_size(server, template):
    url, prefix = server
    name = f"{prefix}_search"
    opensearch = os.environ.get("OPENSEARCH_URL", "")
    index_prefix = name.replace("_", "-")
    databases.drop(url, name)
    databases.create(url, name, template=template)
    try:
        out = run("search_bench.py", "--tiny", "--index-prefix", index_prefix,
                  env=clean_env(DATABASE_URL=f"{url}/{name}", OPENSEARCH_URL=opensearch))
    finally:
        databases.drop(url, name)
        if opensearch:
            requests.delete(f"{opensearch}/{index_prefix}-*", timeout=30)

    assert "200 products · database" in out
    if opensearch:
        assert "200 products · opensearch · indexing: 200 products" in out
    assert out.count("all           n=100 ") == (2 if opensearch else 1)


def test_the_load_benchmark_serves_every_page_at_tiny_size(server, template):
    services.require("wrk", bool(shutil.which("wrk")), "install it with `apt-get install wrk` (.ci/run does)")
    services.require("gunicorn", bool(importlib.util.find_spec("gunicorn")), "it is in requirements.txt")
    redis_port = str(urlsplit(services.redis_url(db=6)).port)
    url, prefix = server
    name = f"{prefix}_load"
    opensearch = os.environ.get("OPENSEARCH_URL", "")
    search = ["--search", "opensearch"] if opensearch else ["--search", "database"]
    env = clean_env(REDIS_PORT=redis_port, PG_PORT=str(urlsplit(url).port or 5432),
                    BENCH_DATABASE_URL=f"{url}/{name}", OPENSEARCH_PORT=str(urlsplit(opensearch).port or 9250))
    databases.drop(url, name)
    try:
        out = run("load.py", "--tiny", *search, "--name", name, "--template", template, "--port",
                  str(services.free_port()), "--orders-per-second", "5", "--spread", "40", env=env)
    finally:
        databases.drop(url, name)
        if opensearch:
            requests.delete(f"{opensearch}/{name.replace('_', '-')}-*", timeout=30)

    measured = json.loads((ROOT / "var" / f"{name}-load.json").read_text())
    rows, spread = measured["rows"], measured["spread"]
    assert len(rows) == 13 + 12  # every page and the shopper's visit, then every page again while orders land
    assert all(row["rps"] > 0 and row["errors"] == 0 for row in rows + spread), rows + spread
    pages = {row["page"] for row in rows}
    assert {"trivial view, signed in", "basket (empty), anonymous", "trivial view, signed in, 5 orders/s"} <= pages
    # The spread: 40 different pages, quiet and while orders land, each with the page cache's answers counted
    assert [row["page"] for row in spread] == ["spread over 40 pages, quiet", "spread over 40 pages, 5 orders/s"]
    assert all(sum(row["page_cache"].values()) > 0 for row in spread), spread
    assert out.count("| spread over 40 pages, ") == 2 and "page cache hit" in out


def test_the_load_benchmark_names_the_packages_a_fresh_machine_lacks(tmp_path):
    # A machine with wrk but none of the services' packages (and no apt-get to install them)
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for tool in ("bash", "ls", "id", "dirname", "cat", "printf", "seq", "grep", "awk", "sort", "tail", "env"):
        (bin_dir / tool).symlink_to(shutil.which(tool))
    (bin_dir / "wrk").write_text("#!/bin/sh\n")
    (bin_dir / "wrk").chmod(0o755)

    result = subprocess.run([sys.executable, str(ROOT / "bench" / "load.py"), "--tiny"], cwd=ROOT,
                            env=clean_env(PATH=str(bin_dir), PG_PORT="1", REDIS_PORT="1", OPENSEARCH_PORT="1"),
                            capture_output=True, text=True, timeout=60)

    assert result.returncode != 0
    assert "Missing Debian packages: postgresql postgresql-contrib redis-server" in result.stderr
    assert "scripts/start-services postgres redis opensearch failed (exit 3)" in result.stderr
    assert "exit status 127" not in result.stderr + result.stdout
