"""The production-like stack the browser journeys run against, started once for the package.

PostgreSQL (the test database), Redis as the Celery broker, a real Celery worker
process, OpenSearch when OPENSEARCH_URL names a node (CI always; otherwise PostgreSQL
full text with trigram typo tolerance), localstripe with a working Stripe.js stand-in
(localstripe_server.py), an SMTP sink the worker delivers to, and the site itself served
on 127.0.0.1 by Django's live-server thread (static files and media included).
"""
import os
import uuid
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

import environ
import requests

from tests import fake_stripe, services
from tests.emails.workers import Sink, use_broker

RUNNER = Path(__file__).with_name("localstripe_server.py")


@dataclass
class Stack:
    url: str  # the site, e.g. http://127.0.0.1:41234
    stripe: fake_stripe.LocalStripe
    mail: Sink
    search_engine: str


def search_settings():
    """Settings (and the worker's environment) for the search engine the journeys use."""
    if os.environ.get("OPENSEARCH_URL"):
        return {"SEARCH_ENGINE": "opensearch", "SEARCH_URL": os.environ["OPENSEARCH_URL"],
                "SEARCH_INDEX_PREFIX": f"browser-{uuid.uuid4().hex[:10]}", "SEARCH_REFRESH_ON_WRITE": True}
    return {"SEARCH_ENGINE": "database"}


def stripe_settings(base):
    return {"STRIPE_SECRET_KEY": fake_stripe.SECRET_KEY, "STRIPE_PUBLISHABLE_KEY": fake_stripe.PUBLISHABLE_KEY,
            "STRIPE_WEBHOOK_SECRET": fake_stripe.WEBHOOK_SECRET, "STRIPE_API_BASE": base,
            "STRIPE_JS_URL": f"{base}/js.stripe.com/v3/", "DEMO_PAYMENTS": False}


@contextmanager
def celery_on(broker_url, queue):
    """Send this process's tasks (the live server's, the test's) to `queue` on `broker_url`, not eagerly."""
    from config.celery_app import app

    saved = app.conf.broker_url, app.conf.task_always_eager, app.conf.task_default_queue
    use_broker(broker_url, queue=queue)
    try:
        yield
    finally:
        use_broker(*saved)


def start(resources: ExitStack, log_dir, db_url, site_settings, server_url):
    """Broker, SMTP sink, localstripe and worker; returns (Stack, settings for this process)."""
    broker = services.redis_url(db=9)
    import redis

    redis.Redis.from_url(broker).flushdb()
    sink = Sink()
    smtp_url = resources.enter_context(services.smtp_sink(sink))
    stripe_base = resources.enter_context(services.localstripe(RUNNER, log_dir / "localstripe.log",
                                                               fake_stripe.SECRET_KEY))
    search = search_settings()
    # The page cache on, in Redis, as in production: the server and the worker forget pages together.
    cache_url = services.redis_url(db=8)
    redis.Redis.from_url(cache_url).flushdb()
    page_cache = {"CACHES": {"default": environ.Env.cache_url_config(cache_url)}, "PAGE_CACHE_SECONDS": 600,
                  "FRAGMENT_CACHE_SECONDS": 600}
    overrides = {**search, **stripe_settings(stripe_base), **site_settings, **page_cache,
                 "CELERY_TASK_ALWAYS_EAGER": False}
    requests.post(f"{stripe_base}/_config/webhooks/larder",
                  data={"url": f"{server_url}/stripe/webhook/", "secret": fake_stripe.WEBHOOK_SECRET},
                  timeout=5).raise_for_status()
    queue = f"browser-journeys-{os.getpid()}"  # runs sharing this Redis can't take each other's tasks
    resources.enter_context(celery_on(broker, queue))
    worker_env = {k: str(v).lower() if isinstance(v, bool) else str(v) for k, v in overrides.items()
                  if k.startswith(("SEARCH_", "STRIPE_"))}
    resources.enter_context(services.celery_worker(broker, db_url, queue=queue, EMAIL_URL=smtp_url, SITE_URL=server_url,
                                                   CACHE_URL=cache_url, PAGE_CACHE_SECONDS="600",
                                                   FRAGMENT_CACHE_SECONDS="600",
                                                   OUTBOX_RETRY_BASE_SECONDS="0.2", **worker_env))
    # Webhooks go straight to the site's /stripe/webhook/, so no relay.
    return Stack(server_url, fake_stripe.LocalStripe(stripe_base, relay=None), sink, search["SEARCH_ENGINE"]), overrides
