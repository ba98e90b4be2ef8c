"""Email through a real Celery worker, real Redis and a real SMTP server (aiosmtpd).

Given a worker consuming from Redis and an SMTP sink, when the shop queues email (an
order is placed, SMTP hiccups, the broker is down at checkout), then each message
arrives exactly once.
"""
import email
import os
from email.policy import default as default_policy

import pytest
from aiosmtpd.controller import Controller
from django.db import connection
from oscar.core.loading import get_model

from config.celery_app import app as celery_app
from outbox.models import OutgoingEmail
from outbox.outbox import queue_email
from outbox.tasks import drain_outbox

from . import services
from .checkout_steps import demo_pay, guest_to_payment_step

Order = get_model("order", "Order")

pytestmark = pytest.mark.django_db(transaction=True)


class Sink:
    """An SMTP server that refuses the first `failures` messages with a temporary error."""

    def __init__(self, failures=0):
        self.failures = failures
        self.received = []

    async def handle_DATA(self, server, session, envelope):
        if self.failures > 0:
            self.failures -= 1
            return "451 Try again later"
        self.received.append(email.message_from_bytes(envelope.content, policy=default_policy))
        return "250 OK"


@pytest.fixture
def smtp_sink():
    sink = Sink()
    controller = Controller(sink, hostname="127.0.0.1", port=services.free_port())
    controller.start()
    yield sink, f"smtp://127.0.0.1:{controller.port}"
    controller.stop()


QUEUE = f"test-email-{os.getpid()}"


def use_broker(url, eager=False, queue="celery"):
    """Point this process's Celery producer at another broker and queue (fresh connection pool)."""
    celery_app.conf.broker_url, celery_app.conf.task_always_eager = url, eager
    celery_app.conf.task_default_queue = queue
    # Drop only our references: kombu keeps one pool per broker URL and reuses it.
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


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


def guest_checkout(django_app, product, country):
    page = guest_to_payment_step(django_app, product, country, quantity=2)
    assert "Demo payment" in page.text
    return demo_pay(page)


def test_order_placed_email_is_delivered_by_the_worker(django_app, worker, products, country):
    page = guest_checkout(django_app, products[0], country)
    assert page.request.path == "/shop/checkout/thank-you/"
    order = Order.objects.get()

    message = services.wait_for(lambda: worker.received and worker.received[0])
    assert message["To"] == "guest@example.com"
    assert order.number in message["Subject"] + message.get_body(preferencelist=("plain",)).get_content()
    services.wait_for(lambda: OutgoingEmail.objects.filter(status="sent").count() == 1)
    assert len(worker.received) == 1


def test_smtp_failing_twice_then_working_delivers_once(worker):
    worker.failures = 2
    queue_email(to="ada@example.com", subject="Your order has shipped", body="Tracking: 1Z999", key="shipped:1")

    message = services.wait_for(lambda: worker.received and worker.received[0])
    assert message["Subject"] == "Your order has shipped"
    row = services.wait_for(lambda: OutgoingEmail.objects.filter(status="sent").first())
    assert row.attempts == 3
    assert len(worker.received) == 1


def test_broker_down_at_checkout_still_places_the_order(django_app, worker, broker, settings, products, country):
    use_broker("redis://127.0.0.1:1/0", queue=QUEUE)  # nothing listens there
    page = guest_checkout(django_app, products[0], country)
    assert page.request.path == "/shop/checkout/thank-you/"
    assert Order.objects.count() == 1
    assert OutgoingEmail.objects.get().status == "queued"
    assert worker.received == []

    use_broker(broker, queue=QUEUE)  # the broker is back
    settings.OUTBOX_STUCK_AFTER_SECONDS = 0
    assert drain_outbox() == 1
    message = services.wait_for(lambda: worker.received and worker.received[0])
    assert message["To"] == "guest@example.com"
