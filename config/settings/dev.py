"""Local development: the embedded defaults, debug on, demo payments available."""
from .base import *  # noqa: F401,F403
from .base import env

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = env("SECRET_KEY", default="dev-only-insecure-key-never-use-in-production")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])

# Demo payments exist only in a debug build with no Stripe key (commerce/checkout).
DEMO_PAYMENTS = DEBUG and not env("STRIPE_SECRET_KEY", default="")

# Off while developing, or an edited template would keep showing its old page to anonymous
# visitors for ten minutes; PAGE_CACHE_SECONDS=600 FRAGMENT_CACHE_SECONDS=600 try them out.
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=0)
FRAGMENT_CACHE_SECONDS = env.int("FRAGMENT_CACHE_SECONDS", default=0)
SHARED_FRAGMENTS_STRICT = True
