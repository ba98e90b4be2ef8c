"""Test settings: the dev wiring with fast password hashing and in-memory mail.

DATABASE_URL still chooses the database, so CI runs the same suite on PostgreSQL.
"""
from pathlib import Path

from .base import *  # noqa: F401,F403
from .base import degrading, env

DEBUG = True  # pytest-django turns it off while tests run; it gates demo payments
SECRET_KEY = "test-only-key"
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
# Argon2 stays first in production; tests only need hashes that verify quickly.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# In-memory mail, unless a test starts a Celery worker that must send over real SMTP.
if not env("EMAIL_URL", default=""):
    EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Production's caching: the page cache and shared fragments on, in a shared cache (a Redis
# database of the tests' own when REDIS_URL is set, as in CI; else this process's memory).
# Test transactions never commit, so a test that changes what a page shows makes the
# change inside `committed()` (tests/conftest.py), as a real commit would forget pages.
_redis = env("REDIS_URL", default="")
_test_cache = f"{_redis.rsplit('/', 1)[0]}/13" if _redis else "locmemcache://"
CACHES = {"default": degrading(env.cache("CACHE_URL", default=_test_cache))}  # as production's
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=600)
FRAGMENT_CACHE_SECONDS = env.int("FRAGMENT_CACHE_SECONDS", default=600)
SHARED_FRAGMENTS_STRICT = True  # a shared fragment that reads the viewer fails the test
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=True)
# Real-worker tests move every task to a private queue of their own (tests/services.py), so
# tasks stay on one queue here unless CELERY_SEPARATE_QUEUES says otherwise.
CELERY_SEPARATE_QUEUES = env.bool("CELERY_SEPARATE_QUEUES", default=False)
CELERY_TASK_QUEUES = CELERY_TASK_QUEUES if CELERY_SEPARATE_QUEUES else None  # noqa: F405
CELERY_TASK_ROUTES = CELERY_QUEUE_ROUTES if CELERY_SEPARATE_QUEUES else {}  # noqa: F405
MEDIA_ROOT = env("MEDIA_ROOT", default="/tmp/larder-test-media")
STRIPE_SECRET_KEY = ""

DEMO_PAYMENTS = True  # test settings are a debug build without Stripe

if DATABASES["default"]["ENGINE"].endswith("sqlite3"):  # noqa: F405
    # A file (not memory) so --reuse-db skips the ~300 migrations on the next run.
    (BASE_DIR / "var").mkdir(exist_ok=True)  # noqa: F405
    _stem = Path(DATABASES["default"]["NAME"]).stem  # noqa: F405  one test file per database
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / "var" / f"test-{_stem}.sqlite3")}  # noqa: F405
