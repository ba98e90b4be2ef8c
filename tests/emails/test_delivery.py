"""Email through a real Celery worker, real Redis and a real SMTP server (aiosmtpd).

Given a worker consuming from Redis and an SMTP sink, when the shop queues email (an
order is placed, SMTP hiccups, the broker is down at checkout), then each message
arrives exactly once.
"""
import pytest
from oscar.core.loading import get_model

from outbox.models import OutgoingEmail
from outbox.outbox import queue_email
from outbox.tasks import drain_outbox
from tests import services
from tests.checkout_steps import demo_pay, guest_to_payment_step

from .workers import QUEUE, use_broker

Order = get_model("order", "Order")

pytestmark = pytest.mark.django_db(transaction=True)


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
