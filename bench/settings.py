"""Production settings for the benchmarks, plus the trivial view that sets the ceiling.

Everything else is exactly what production runs: DEBUG off, the same middleware, Redis
cache and sessions, the page cache, whitenoise with compressed, fingerprinted files.
bench/checkout.py sets two switches for its server only: BENCH_SERVER_TIMING puts
bench/timing.py's Server-Timing header (server time, Stripe's share) on every answer, and
BENCH_DEMO_PAYMENTS=1 turns card payments off and the demo payment on, as the embedded
defaults have it.
"""
import os

from config.settings.production import *  # noqa: F401,F403
from config.settings.production import BASE_DIR, MIDDLEWARE

ROOT_URLCONF = "bench.urls"
STATIC_ROOT = BASE_DIR / "var" / "bench-static"

if os.environ.get("BENCH_SERVER_TIMING"):
    MIDDLEWARE = ["bench.timing.ServerTimingMiddleware", *MIDDLEWARE]
if os.environ.get("BENCH_DEMO_PAYMENTS") == "1":
    DEMO_PAYMENTS = True
    STRIPE_SECRET_KEY = STRIPE_PUBLISHABLE_KEY = ""
