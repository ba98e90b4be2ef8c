"""Production settings for bench/load.py, plus the trivial view that sets the ceiling.

Everything else is exactly what production runs: DEBUG off, the same middleware, Redis
cache and sessions, the page cache, whitenoise with compressed, fingerprinted files.
"""
from config.settings.production import *  # noqa: F401,F403
from config.settings.production import BASE_DIR

ROOT_URLCONF = "bench.urls"
STATIC_ROOT = BASE_DIR / "var" / "bench-static"
