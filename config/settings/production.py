"""Production: refuses to start without its secrets or with a weak SECRET_KEY; every transport hardening on."""
from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F401,F403
from .base import env

DEBUG = False


def _required(name):
    value = env(name, default="")
    if not value:
        raise ImproperlyConfigured(f"{name} must be set in the environment for production.")
    return value


# Django's own thresholds for a weak key (its deploy check security.W009), and the keys
# written down in this repository for other uses: with one of them anyone can sign
# guest-order links, newsletter tokens, sessions and password-reset links. The error says
# why a key is refused, never what it is (it ends up in logs).
SECRET_KEY_MIN_LENGTH = 50
SECRET_KEY_MIN_UNIQUE_CHARACTERS = 5
SECRET_KEY_INSECURE_PREFIX = "django-insecure-"
KNOWN_SECRET_KEYS = frozenset({
    "compose-local-only-5c1f0e8a7d2b4c6e9f3a1b8d7c6e5f4a3b2c1d0e9f8a7b6c",  # docker-compose.yml's old default
    "dev-only-insecure-key-never-use-in-production",  # config/settings/dev.py
    "test-only-key",  # config/settings/test.py
    "build-only-collectstatic-key-not-used-at-run-time",  # the Dockerfile's build step
    "changeme", "change-me", "secret", "your-secret-key",
})
MAKE_A_SECRET_KEY = "python -c 'import secrets; print(secrets.token_urlsafe(50))'"


def _strong_secret_key(key):
    """The key, or ImproperlyConfigured saying why it is weak and how to make a good one (never the key)."""
    if key.strip().lower() in KNOWN_SECRET_KEYS:
        reason = "a well-known key (it is written in this project's repository)"
    elif key.startswith(SECRET_KEY_INSECURE_PREFIX):
        reason = f"one of Django's throwaway '{SECRET_KEY_INSECURE_PREFIX}' keys"
    elif len(key) < SECRET_KEY_MIN_LENGTH or len(set(key)) < SECRET_KEY_MIN_UNIQUE_CHARACTERS:
        reason = (f"too weak: it has fewer than {SECRET_KEY_MIN_LENGTH} characters or fewer than "
                  f"{SECRET_KEY_MIN_UNIQUE_CHARACTERS} different ones (Django's security.W009)")
    else:
        return key
    raise ImproperlyConfigured(
        f"SECRET_KEY is {reason}; with it guest-order links, newsletter tokens and sessions can be forged. "
        f"Set SECRET_KEY to a long random value, made with: {MAKE_A_SECRET_KEY}")


SECRET_KEY = _strong_secret_key(_required("SECRET_KEY"))
ALLOWED_HOSTS = [h.strip() for h in _required("ALLOWED_HOSTS").split(",") if h.strip()]
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set in the environment for production (got no host names).")
_required("DATABASE_URL")

# Sessions every web process can read (docs/scaling.md). "cached_db" (the default with a
# shared cache) reads them from Redis and writes them through to the database, so an
# evicting, flushed or unreachable Redis signs nobody out (config/cache.py: reads miss and
# fall back to the database); "db" keeps them only in the database (the default without a
# shared cache). Sessions in Redis alone ("cache") are refused: while Redis is away every
# shopper and editor would be signed out, and nobody could sign in.
_LOCAL_CACHES = ("LocMemCache", "DummyCache", "FileBasedCache")  # one process's or one machine's
_SHARED_CACHE = not CACHES["default"]["BACKEND"].endswith(_LOCAL_CACHES)  # noqa: F405
SESSION_STORE = env("SESSION_STORE", default="") or ("cached_db" if _SHARED_CACHE else "db")
if SESSION_STORE == "cache":
    raise ImproperlyConfigured(
        "SESSION_STORE=cache keeps sessions in Redis alone: while Redis is unreachable or evicting, everybody "
        "is signed out and nobody can sign in. Use cached_db (the default with REDIS_URL), which reads them "
        "from Redis and keeps them in the database too.")
if SESSION_STORE not in ("db", "cached_db"):
    raise ImproperlyConfigured(f"SESSION_STORE must be db or cached_db, not {SESSION_STORE!r}.")
if SESSION_STORE != "db" and not _SHARED_CACHE:
    raise ImproperlyConfigured(f"SESSION_STORE={SESSION_STORE} needs a cache all web processes share: "
                               "set REDIS_URL (or CACHE_URL).")
SESSION_ENGINE = f"django.contrib.sessions.backends.{SESSION_STORE}"

STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage",
}

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_REDIRECT_EXEMPT = [r"^healthz(/live|/ready)?$"]  # load-balancer probes speak plain HTTP inside the network
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SESSION_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_SAMESITE = "Lax"
OSCAR_BASKET_COOKIE_SECURE = True
OSCAR_RECENTLY_VIEWED_COOKIE_SECURE = True
X_FRAME_OPTIONS = "DENY"
# Staff must add an authenticator app before any staff area opens (staff_2fa/).
STAFF_TWO_FACTOR_REQUIRED = env.bool("STAFF_TWO_FACTOR_REQUIRED", default=True)

DEMO_PAYMENTS = False
