"""The production settings as a deploy runs them: manage.py in a subprocess with an
environment built from scratch, the secrets set and nothing leaked from the caller's.
"""
import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]  # the repository
REQUIRED = ("SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL")
# Everything the settings read from the environment; none may leak in from the caller (CI
# sets DATABASE_URL and REDIS_URL, for one).
SETTINGS_VARIABLES = (*REQUIRED, "DEBUG", "REDIS_URL", "CACHE_URL", "CELERY_BROKER_URL", "CELERY_TASK_ALWAYS_EAGER",
                      "SEARCH_ENGINE", "SEARCH_URL", "EMAIL_URL", "AWS_STORAGE_BUCKET_NAME", "STRIPE_SECRET_KEY",
                      "STRIPE_PUBLISHABLE_KEY", "STRIPE_WEBHOOK_SECRET", "STRIPE_API_BASE",
                      "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "STAFF_TWO_FACTOR_REQUIRED",
                      "DJANGO_SETTINGS_MODULE")


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
