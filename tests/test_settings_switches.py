"""Environment variables switch integrations on; the embedded defaults need none of them."""
import json

import pytest

from .test_production_settings import manage, production_env

PROBE = (
    "from django.conf import settings as s; import json; "
    "print(json.dumps({'storage': s.STORAGES['default']['BACKEND'], 'demo': s.DEMO_PAYMENTS, "
    "'eager': s.CELERY_TASK_ALWAYS_EAGER, 'db': s.DATABASES['default']['ENGINE'], "
    "'cache': s.CACHES['default']['BACKEND'], 'email': s.EMAIL_BACKEND}))"
)


def probe(env):
    result = manage(env, "shell", "-c", PROBE)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def dev_env(tmp_path, **overrides):
    env = production_env(tmp_path, DJANGO_SETTINGS_MODULE="config.settings.dev", SECRET_KEY=None,
                         ALLOWED_HOSTS=None, DATABASE_URL=None, STRIPE_SECRET_KEY=None,
                         STRIPE_PUBLISHABLE_KEY=None, STRIPE_WEBHOOK_SECRET=None)
    env.update({k: v for k, v in overrides.items() if v is not None})
    return env


def test_embedded_defaults(tmp_path):
    got = probe(dev_env(tmp_path))
    assert got == {
        "storage": "django.core.files.storage.FileSystemStorage", "demo": True, "eager": True,
        "db": "django.db.backends.sqlite3", "cache": "django.core.cache.backends.locmem.LocMemCache",
        "email": "django.core.mail.backends.console.EmailBackend",
    }


def test_bucket_variable_moves_media_to_s3(tmp_path):
    got = probe(dev_env(tmp_path, AWS_STORAGE_BUCKET_NAME="larder-media"))
    assert got["storage"] == "storages.backends.s3.S3Storage"


def test_broker_turns_off_eager_celery(tmp_path):
    assert probe(dev_env(tmp_path, CELERY_BROKER_URL="redis://127.0.0.1:6379/9"))["eager"] is False


@pytest.mark.parametrize("env_kind, stripe_key, expected", [
    ("dev", "", True), ("dev", "sk_test_123", False), ("production", "", False),
])
def test_demo_payments_only_in_debug_without_stripe(tmp_path, env_kind, stripe_key, expected):
    env = dev_env(tmp_path) if env_kind == "dev" else production_env(tmp_path)
    env["STRIPE_SECRET_KEY"] = stripe_key
    assert probe(env)["demo"] is expected
