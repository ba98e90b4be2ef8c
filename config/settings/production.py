"""Production: refuses to start without its secrets; every transport hardening on."""
from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F401,F403
from .base import env

DEBUG = False


def _required(name):
    value = env(name, default="")
    if not value:
        raise ImproperlyConfigured(f"{name} must be set in the environment for production.")
    return value


SECRET_KEY = _required("SECRET_KEY")
ALLOWED_HOSTS = [h.strip() for h in _required("ALLOWED_HOSTS").split(",") if h.strip()]
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set in the environment for production (got no host names).")
_required("DATABASE_URL")

# Sessions every web process can read (docs/scaling.md). "cached_db" (the default with a
# shared cache) reads them from Redis and writes them through to the database, so an
# evicting or flushed Redis signs nobody out; "cache" keeps them in Redis only; "db" only
# in the database (the default without a shared cache).
_LOCAL_CACHES = ("LocMemCache", "DummyCache", "FileBasedCache")  # one process's or one machine's
_SHARED_CACHE = not CACHES["default"]["BACKEND"].endswith(_LOCAL_CACHES)  # noqa: F405
SESSION_STORE = env("SESSION_STORE", default="") or ("cached_db" if _SHARED_CACHE else "db")
if SESSION_STORE not in ("db", "cached_db", "cache"):
    raise ImproperlyConfigured(f"SESSION_STORE must be db, cached_db or cache, not {SESSION_STORE!r}.")
if SESSION_STORE != "db" and not _SHARED_CACHE:
    raise ImproperlyConfigured(f"SESSION_STORE={SESSION_STORE} needs a cache all web processes share: "
                               "set REDIS_URL (or CACHE_URL).")
SESSION_ENGINE = f"django.contrib.sessions.backends.{SESSION_STORE}"

STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage",
}

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # load-balancer probes speak plain HTTP inside the network
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

DEMO_PAYMENTS = False
