"""Production settings: clean under `check --deploy`, and refuse to start without their secrets.

Each case runs manage.py in a subprocess (settings are read once per process) with the
production settings module and an environment built from scratch for the case.
"""
import os
import re
import secrets
import shlex
import subprocess
import sys

import pytest

from .production import REQUIRED, ROOT, manage, production_env


def test_the_deploy_check_is_clean_with_the_secrets_set(tmp_path):
    result = manage(production_env(tmp_path), "check", "--deploy", "--fail-level", "WARNING")

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


MAKE_A_KEY = "python -c 'import secrets; print(secrets.token_urlsafe(50))'"
WEAK_KEYS = [
    pytest.param("please-change-me", "too weak", id="short-phrase"),
    pytest.param("changeme", "well-known", id="changeme"),
    pytest.param(secrets.token_urlsafe(30), "too weak", id="random-but-under-50-characters"),
    pytest.param("ab" * 40, "too weak", id="80-characters-of-2-kinds"),
    pytest.param("abcd" * 20, "too weak", id="80-characters-of-4-kinds"),
    pytest.param("django-insecure-" + secrets.token_urlsafe(50), "django-insecure-", id="django-insecure-prefix"),
    pytest.param("compose-local-only-5c1f0e8a7d2b4c6e9f3a1b8d7c6e5f4a3b2c1d0e9f8a7b6c", "well-known",
                 id="old-compose-default"),
    pytest.param("dev-only-insecure-key-never-use-in-production", "well-known", id="dev-settings-key"),
    pytest.param("test-only-key", "well-known", id="test-settings-key"),
    pytest.param("build-only-collectstatic-key-not-used-at-run-time", "well-known", id="dockerfile-build-key"),
]


@pytest.mark.parametrize(("key", "reason"), WEAK_KEYS)
def test_production_refuses_to_start_with_a_weak_or_well_known_secret_key(tmp_path, key, reason):
    result = manage(production_env(tmp_path, SECRET_KEY=key), "check")

    assert result.returncode != 0
    assert "ImproperlyConfigured: SECRET_KEY is" in result.stderr
    assert reason in result.stderr
    assert f"made with: {MAKE_A_KEY}" in result.stderr  # how to make a good one
    assert key not in result.stderr  # the refusal never prints the key itself


def test_a_key_made_the_way_the_error_says_starts_and_passes_the_deploy_check(tmp_path):
    key = subprocess.run([sys.executable, *shlex.split(MAKE_A_KEY)[1:]],
                         capture_output=True, text=True, check=True).stdout.strip()

    result = manage(production_env(tmp_path, SECRET_KEY=key), "check", "--deploy", "--fail-level", "WARNING")

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize("missing", REQUIRED)
@pytest.mark.parametrize(
    "value",
    [pytest.param(None, id="unset"), pytest.param("", id="empty")],
)
def test_production_refuses_to_start_without_each_secret(tmp_path, missing, value):
    env = production_env(tmp_path, **{missing: value})

    result = manage(env, "check")

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert f"{missing} must be set" in result.stderr


@pytest.mark.parametrize("missing", ["STRIPE_SECRET_KEY", "STRIPE_PUBLISHABLE_KEY", "STRIPE_WEBHOOK_SECRET"])
def test_production_without_a_stripe_key_fails_the_system_check(tmp_path, missing):
    result = manage(production_env(tmp_path, **{missing: None}), "check")

    assert result.returncode != 0
    assert f"{missing} is not set, so checkout can't take card payments." in result.stderr


def test_compose_takes_the_secret_key_from_dot_env_and_has_no_default():
    compose = (ROOT / "docker-compose.yml").read_text()
    assert re.search(r"^ +SECRET_KEY: \$\{SECRET_KEY:\?set SECRET_KEY in \.env\b[^}]*\}$", compose, re.MULTILINE)
    assert "compose-local-only" not in compose
    example = (ROOT / ".env.example").read_text()
    assert re.search(r"^SECRET_KEY=$", example, re.MULTILINE)  # a placeholder to fill in, never a key
    assert MAKE_A_KEY in example


def test_docker_compose_refuses_to_start_without_a_secret_key(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
    empty = tmp_path / "empty.env"
    empty.write_text("")
    try:
        plugin = subprocess.run(["docker", "compose", "version"], capture_output=True, text=True, timeout=60)
    except FileNotFoundError:
        pytest.skip("docker is not installed")
    if plugin.returncode != 0:
        pytest.skip("the docker compose plugin is not installed")

    result = subprocess.run(["docker", "compose", "--env-file", str(empty), "config", "--quiet"], cwd=ROOT,
                            env=env, capture_output=True, text=True, timeout=60)

    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "set SECRET_KEY in .env" in output
