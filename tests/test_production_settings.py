"""Production settings: clean under `check --deploy`, and refuse to start without their secrets.

Each case runs manage.py in a subprocess (settings are read once per process) with the
production settings module and an environment built from scratch for the case.
"""
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
REQUIRED = ("SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL")
# Everything the settings read from the environment; none may leak in from the caller (CI
# sets DATABASE_URL and REDIS_URL, for one).
SETTINGS_VARIABLES = (*REQUIRED, "DEBUG", "REDIS_URL", "CACHE_URL", "CELERY_BROKER_URL", "CELERY_TASK_ALWAYS_EAGER",
                      "SEARCH_ENGINE", "SEARCH_URL", "EMAIL_URL", "AWS_STORAGE_BUCKET_NAME", "STRIPE_SECRET_KEY",
                      "STRIPE_PUBLISHABLE_KEY", "STRIPE_WEBHOOK_SECRET", "STRIPE_API_BASE",
                      "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "DJANGO_SETTINGS_MODULE")


def production_env(tmp_path, **overrides):
    env = {k: v for k, v in os.environ.items() if k not in SETTINGS_VARIABLES}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="shop.larderandloom.example,localhost",
        DATABASE_URL=f"sqlite:///{tmp_path / 'production.sqlite3'}",
        MEDIA_ROOT=str(tmp_path / "media"),
        STRIPE_SECRET_KEY="sk_test_production_check",
        STRIPE_PUBLISHABLE_KEY="pk_test_production_check",
        STRIPE_WEBHOOK_SECRET="whsec_production_check",
    )
    for name, value in overrides.items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    return env


def manage(env, *args):
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=180,
    )


def test_the_deploy_check_is_clean_with_the_secrets_set(tmp_path):
    result = manage(production_env(tmp_path), "check", "--deploy", "--fail-level", "WARNING")

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_a_weak_secret_key_fails_the_deploy_check(tmp_path):
    result = manage(production_env(tmp_path, SECRET_KEY="changeme"), "check", "--deploy", "--fail-level", "WARNING")

    assert result.returncode != 0
    assert "security.W009" in result.stdout + result.stderr


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
