"""A scheduled send reaches everyone exactly once, even when its worker is killed mid-send.

Given a real Celery worker on a Redis of the test's own and an SMTP server, when a
scheduled send is half-way through its rate-limited batches and the worker is killed
(SIGKILL: no clean shutdown, its reserved batch messages are lost for the broker's hour),
then another worker started with beat's resume finishes the send and every subscriber has
received the newsletter once, nobody twice.
"""
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections import Counter
from contextlib import contextmanager
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from config.celery_app import app as celery_app
from newsletter import tasks
from newsletter.models import Send
from outbox.models import OutgoingEmail
from outbox.tasks import drain_outbox
from tests import services
from tests.emails.workers import Sink, use_broker

from .conftest import compose, subscribe

pytestmark = pytest.mark.django_db(transaction=True)
SUBSCRIBERS = 12
WORKER_SETTINGS = {"NEWSLETTER_BATCH_SIZE": "2", "NEWSLETTER_EMAILS_PER_MINUTE": "60",  # a batch every 2 s
                   "OUTBOX_SEND_LEASE_SECONDS": "2", "OUTBOX_RETRY_BASE_SECONDS": "0.2"}


def free_port_in(ports):
    for port in ports:
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    pytest.skip("no free port between 6450 and 6499 for this test's own Redis")


@contextmanager
def own_redis():
    """A redis-server of this test's own on a free port of 6450-6499; yields its URL."""
    import redis

    port = free_port_in(range(6450, 6500))
    proc = subprocess.Popen(["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                             "--appendonly", "no", "--dir", tempfile.mkdtemp(prefix="redis-newsletter-")],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"redis://127.0.0.1:{port}/0"
    try:
        services.wait_for(lambda: _answers(redis, url), timeout=10, interval=0.1)
        yield url
    finally:
        services.stop(proc)


def _answers(redis, url):
    try:
        return redis.Redis.from_url(url, socket_connect_timeout=0.5).ping()
    except redis.RedisError:
        return False


@pytest.fixture
def stack(settings):
    if shutil.which("redis-server") is None:
        pytest.skip("redis-server is not installed (Debian's redis-server package): this test runs its own")
    if connection.vendor == "sqlite":
        pytest.skip("real-worker tests need PostgreSQL (set DATABASE_URL): two processes lock one SQLite file")
    for name, value in WORKER_SETTINGS.items():
        setattr(settings, name, float(value) if "." in value or "SECONDS" in name else int(value))
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.OUTBOX_STUCK_AFTER_SECONDS = 0
    saved = celery_app.conf.broker_url, celery_app.conf.task_always_eager
    sink = Sink()
    with own_redis() as url, services.smtp_sink(sink) as smtp_url:
        use_broker(url)  # its own Redis: the default queue is this test's alone
        try:
            yield url, smtp_url, sink
        finally:
            use_broker(*saved)


def worker(url, smtp_url):
    return services.celery_worker(url, services.database_url(connection), EMAIL_URL=smtp_url,
                                  **WORKER_SETTINGS)


def test_a_send_whose_worker_is_killed_mid_send_still_mails_everyone_once(stack, products):
    url, smtp_url, sink = stack
    everyone = [subscribe(f"fan{i:02}@example.com").email for i in range(SUBSCRIBERS)]
    send = Send.objects.create(newsletter=compose(), segment="all", send_at=timezone.now() + timedelta(seconds=1))

    with worker(url, smtp_url) as first:
        time.sleep(1)
        assert tasks.start_due()["started"] == [send.pk]  # beat's minute comes round
        services.wait_for(lambda: len(sink.received) >= 4, timeout=60)
        first.send_signal(signal.SIGKILL)  # mid-send: batches still waiting for their turn
        first.wait()
    received_before = len(sink.received)
    assert received_before < SUBSCRIBERS
    assert Send.objects.get(pk=send.pk).status == "sending"

    with worker(url, smtp_url):
        Send.objects.filter(pk=send.pk).update(progress_at=timezone.now() - timedelta(minutes=10))
        assert tasks.start_due()["resumed"] == [send.pk]  # the next beat sees no progress
        services.wait_for(lambda: Send.objects.get(pk=send.pk).status == "sent", timeout=90)
        drain_outbox()  # an email the killed worker had claimed but not sent
        services.wait_for(lambda: len(sink.received) >= SUBSCRIBERS, timeout=60)
        time.sleep(2)  # anything sent twice would arrive now

    counts = Counter(message["To"] for message in sink.received)
    assert counts == Counter(everyone), counts
    assert OutgoingEmail.objects.filter(kind="NEWSLETTER").count() == SUBSCRIBERS
    assert Send.objects.get(pk=send.pk).recipient_rows.filter(queued_at=None).count() == 0
