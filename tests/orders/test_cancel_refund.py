"""Cancelling a paid order refunds it, all or nothing (localstripe).

Given a card order paid through the webhook, when a merchandiser cancels it, then Stripe
holds a refund of the whole amount, the stock is released, and the customer is emailed
that the order is cancelled and that the money is refunded. When Stripe can't be reached,
the order keeps its status and stock, and the merchandiser is told why. A payment that
fails after the order was placed (3-D Secure refused) emails the customer.
"""
import json
import time
from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from django.core import mail
from oscar.core.loading import get_model

from commerce.payments.state import payment_state
from outbox.models import OutgoingEmail
from tests.checkout_steps import deliver, guest_to_payment_step, paid_order, pay_by_card
from tests.fake_stripe import sign

Order = get_model("order", "Order")

pytestmark = pytest.mark.django_db


def cancel(django_app, merchandiser, order):
    django_app.set_user(merchandiser)
    form = django_app.get(f"/shop/dashboard/orders/{order.number}/").forms["order_status_form"]
    form["new_status"] = "Cancelled"
    return form.submit(expect_errors=True)


def test_cancelling_a_paid_order_refunds_it_in_full(django_app, client, stripe, products, country, merchandiser,
                                                    django_capture_on_commit_callbacks):
    order, intent = paid_order(django_app, client, stripe, products[0], country, quantity=2)  # $17.95
    record = products[0].stockrecords.get()
    assert (order.status, record.num_allocated) == ("Processing", 2)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        assert cancel(django_app, merchandiser, order).status_code == 302

    order.refresh_from_db()
    record.refresh_from_db()
    assert order.status == "Cancelled" and record.num_allocated == 0
    assert [r["amount"] for r in stripe.get("/v1/refunds", payment_intent=intent["id"])["data"]] == [1795]
    assert payment_state(order).code == "refunded"
    change = order.status_changes.get(new_status="Cancelled")
    assert (change.changed_by, change.note) == (merchandiser, "Refunded $17.95 to the card")
    subjects = sorted(m.subject for m in mail.outbox)
    assert subjects == [f"Order {order.number} has been cancelled", f"Refund of $17.95 for order {order.number}"]
    refund_mail = next(m for m in mail.outbox if m.subject.startswith("Refund"))
    assert refund_mail.to == ["guest@example.com"] and "refunded $17.95" in refund_mail.body


def test_when_the_refund_fails_the_order_is_not_cancelled(django_app, client, stripe, products, country,
                                                          merchandiser, settings):
    order, intent = paid_order(django_app, client, stripe, products[0], country)
    settings.STRIPE_API_BASE = "http://127.0.0.1:9"  # Stripe unreachable

    response = cancel(django_app, merchandiser, order)

    assert response.status_code == 400
    message = " ".join(BeautifulSoup(response.content, "html.parser").get_text().split())
    assert f"Order {order.number} was not cancelled: the refund of $11.45 failed" in message
    order.refresh_from_db()
    assert order.status == "Processing"
    assert not order.status_changes.filter(new_status="Cancelled").exists()
    assert products[0].stockrecords.get().num_allocated == 1
    assert payment_state(order).code == "paid"
    assert not OutgoingEmail.objects.filter(kind__in=["ORDER_CANCELLED", "ORDER_REFUNDED"]).exists()
    settings.STRIPE_API_BASE = stripe.base
    assert stripe.get("/v1/refunds", payment_intent=intent["id"])["data"] == []


def test_a_payment_failing_after_the_order_was_placed_emails_the_customer(django_app, client, stripe, products,
                                                                          country,
                                                                          django_capture_on_commit_callbacks):
    page = guest_to_payment_step(django_app, products[0], country, email="ines@example.com")
    pay_by_card(django_app, page, stripe.card("4000002500003155"))  # 3-D Secure asked, then refused
    order = Order.objects.get()
    [intent] = stripe.intents_for(order.number)
    event = {"id": "evt_failed_3ds_2", "type": "payment_intent.payment_failed", "created": int(time.time()),
             "data": {"object": {**intent, "status": "requires_payment_method",
                                 "last_payment_error": {"message": "Your card could not be authenticated."}}}}
    body = json.dumps(event).encode()

    with django_capture_on_commit_callbacks(execute=True):
        assert deliver(client, body, sign(body)).status_code == 200
        assert deliver(client, body, sign(body)).status_code == 200  # redelivered: still one email

    [email] = mail.outbox
    assert email.to == ["ines@example.com"]
    assert email.subject == f"Payment for order {order.number} did not go through"
    assert "Your card could not be authenticated." in email.body
    assert "Nothing was charged" in email.alternatives[0][0]


def test_a_refund_from_the_dashboard_emails_the_customer(django_app, client, stripe, products, country,
                                                         merchandiser, django_capture_on_commit_callbacks):
    order, _ = paid_order(django_app, client, stripe, products[0], country)
    django_app.set_user(merchandiser)
    form = django_app.get(f"/shop/dashboard/orders/{order.number}/").forms["refund_form"]
    form["amount"] = "5.00"
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        form.submit().follow()

    [email] = mail.outbox
    assert email.to == ["guest@example.com"]
    assert email.subject == f"Refund of $5.00 for order {order.number}"
    assert payment_state(order).refunded == Decimal("5.00")
