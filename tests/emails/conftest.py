"""Fixtures for the real-worker email tests: an SMTP sink, a Redis broker and a Celery worker."""
import pytest
from django.db import connection

from config.celery_app import app as celery_app
from tests import services

from .workers import QUEUE, Sink, use_broker


@pytest.fixture
def smtp_sink():
    sink = Sink()
    with services.smtp_sink(sink) as url:
        yield sink, url


@pytest.fixture
def broker(settings):
    url = services.redis_url(db=14)
    saved = celery_app.conf.broker_url, celery_app.conf.task_always_eager
    use_broker(url, queue=QUEUE)
    settings.CELERY_TASK_ALWAYS_EAGER = False
    yield url
    use_broker(*saved)


@pytest.fixture
def worker(broker, smtp_sink):
    if connection.vendor == "sqlite":
        # Two processes writing one SQLite file lock each other out; CI runs these on PostgreSQL.
        pytest.skip("real-worker tests need PostgreSQL (set DATABASE_URL; .ci/run does)")
    sink, smtp_url = smtp_sink
    with services.celery_worker(broker, services.database_url(connection), queue=QUEUE, EMAIL_URL=smtp_url,
                                OUTBOX_RETRY_BASE_SECONDS="0.2"):
        yield sink
