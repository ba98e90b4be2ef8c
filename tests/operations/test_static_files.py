"""Static files in production: fingerprinted names, gzip and Brotli siblings, cached forever by browsers.

Runs collectstatic with the production settings in a subprocess (settings are read once
per process) into a temporary STATIC_ROOT. Only the project's own static/ directory is
collected, to keep the test quick: the Docker build collects everything.
"""
import json
import subprocess
import sys
import textwrap

from .production import ROOT, production_env

PROBE = textwrap.dedent("""
    import json, os
    from django.core.management import call_command
    from django.template import Context, Template
    from django.test import Client
    from django.test.utils import override_settings

    with override_settings(STATIC_ROOT=os.environ["PROBE_STATIC_ROOT"],
                           STATICFILES_FINDERS=["django.contrib.staticfiles.finders.FileSystemFinder"]):
        call_command("collectstatic", interactive=False, verbosity=0)
        url = Template('{% load static %}{% static "css/site.css" %}').render(Context())
        served = Client(HTTP_HOST="localhost").get(url, secure=True, HTTP_ACCEPT_ENCODING="gzip, br")
        print(json.dumps({"url": url, "status": served.status_code, "encoding": served.get("Content-Encoding"),
                          "cache_control": served.get("Cache-Control")}))
""")


def test_collectstatic_writes_fingerprinted_compressed_files_and_static_names_them(tmp_path):
    static_root = tmp_path / "static"
    env = production_env(tmp_path, PROBE_STATIC_ROOT=str(static_root))
    result = subprocess.run([sys.executable, "manage.py", "shell", "-c", PROBE], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    probe = json.loads(result.stdout.strip().splitlines()[-1])

    hashed = [p for p in (static_root / "css").glob("site.*.css") if p.name.count(".") == 2]
    assert len(hashed) == 1, sorted(p.name for p in (static_root / "css").iterdir())
    name = hashed[0].name
    assert (static_root / "css" / f"{name}.gz").is_file() and (static_root / "css" / f"{name}.br").is_file()
    assert probe["url"] == f"/static/css/{name}"

    assert probe["status"] == 200 and probe["encoding"] == "br"
    assert "immutable" in probe["cache_control"]  # a fingerprinted name never changes content
