"""Refunds and abandoned payments against localstripe.

Given a card order paid through the webhook, when a merchandiser refunds part and then
the rest from the dashboard, then Stripe holds those refunds and the order's payment
state and balance follow; a refund made in Stripe's own dashboard is reconciled from its
charge.refunded webhook; an order nobody pays for is cancelled and its stock released.
"""
import json
import time
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from oscar.core.loading import get_model

from commerce.payments.models import Refund
from commerce.payments.state import payment_state
from commerce.payments.tasks import cancel_abandoned_orders
from outbox.models import OutgoingEmail
from tests.checkout_steps import deliver, guest_to_payment_step, paid_order, pay_by_card
from tests.fake_stripe import sign

Order = get_model("order", "Order")

pytestmark = pytest.mark.django_db


def refund_form(client, order):
    page = client.get(f"/shop/dashboard/orders/{order.number}/")
    assert page.status_code == 200
    return page.forms["refund_form"]


def test_partial_then_full_refund_from_the_dashboard(django_app, client, stripe, products, country, merchandiser):
    order, intent = paid_order(django_app, client, stripe, products[0], country, quantity=2)  # $17.95
    django_app.set_user(merchandiser)

    form = refund_form(django_app, order)
    form["amount"] = "5.00"
    form.submit().follow()
    assert form.submit().status_code == 302  # the same form sent twice: one refund
    assert [r["amount"] for r in stripe.get("/v1/refunds", payment_intent=intent["id"])["data"]] == [500]
    state = payment_state(order)
    assert (state.code, state.refunded, state.balance) == ("partially_refunded", Decimal("5.00"), Decimal("12.95"))

    form = refund_form(django_app, order)
    assert form["amount"].value == "12.95"
    page = form.submit().follow()

    assert "Refunded $12.95" in page.text
    assert sorted(r["amount"] for r in stripe.get("/v1/refunds", payment_intent=intent["id"])["data"]) == [500, 1295]
    state = payment_state(order)
    assert (state.code, state.balance) == ("refunded", Decimal("0.00"))
    assert [(e.event_type.name, e.amount) for e in order.payment_events.order_by("pk")] == [
        ("Paid", Decimal("17.95")), ("Refunded", Decimal("5.00")), ("Refunded", Decimal("12.95"))]
    assert Refund.objects.count() == 2


def test_refunding_more_than_was_paid_is_refused_with_a_message(django_app, client, stripe, products, country,
                                                                merchandiser):
    order, intent = paid_order(django_app, client, stripe, products[0], country)
    django_app.set_user(merchandiser)
    form = refund_form(django_app, order)

    for amount, message in (("999", "between $0.01 and $11.45"), ("ten", "as a number"), ("-1", "between")):
        form["amount"] = amount
        response = form.submit(status=400)
        assert message in response.text

    assert stripe.get("/v1/refunds", payment_intent=intent["id"])["data"] == []
    assert payment_state(order).code == "paid"


def test_shoppers_cannot_refund(django_app, client, stripe, products, country, shopper):
    order, _ = paid_order(django_app, client, stripe, products[0], country)
    django_app.set_user(shopper)
    token = django_app.get(products[0].get_absolute_url()).forms["add_to_basket_form"]["csrfmiddlewaretoken"].value
    response = django_app.post(f"/shop/dashboard/orders/{order.number}/refund/",
                               {"amount": "1", "refund_key": "x" * 12, "csrfmiddlewaretoken": token}, status=403)
    assert "Only merchandisers" in response.text
    assert payment_state(order).code == "paid"


def test_a_refund_made_in_stripe_is_reconciled_from_its_webhook(django_app, client, stripe, products, country):
    order, intent = paid_order(django_app, client, stripe, products[0], country)
    charge_id = stripe.get(f"/v1/payment_intents/{intent['id']}")["latest_charge"]
    charge_id = charge_id["id"] if isinstance(charge_id, dict) else charge_id
    stripe.post("/v1/refunds", {"charge": charge_id, "amount": "300"})  # as Stripe's dashboard would
    charge = stripe.get(f"/v1/charges/{charge_id}")
    assert charge["amount_refunded"] == 300
    # localstripe doesn't emit charge.refunded, so the event Stripe would send is built and signed here.
    body = json.dumps({"id": "evt_refund_from_dashboard", "type": "charge.refunded", "created": int(time.time()),
                       "data": {"object": charge}}).encode()

    first = deliver(client, body, sign(body))
    second = deliver(client, body, sign(body))

    assert first.status_code == second.status_code == 200
    state = payment_state(order)
    assert (state.code, state.refunded, state.balance) == ("partially_refunded", Decimal("3.00"), Decimal("8.45"))
    assert order.payment_events.filter(event_type__name="Refunded").count() == 1


def test_an_unpaid_order_is_cancelled_after_the_timeout_and_its_stock_released(django_app, stripe, products,
                                                                               country, settings):
    quince = products[2]  # 2 in stock
    page = guest_to_payment_step(django_app, quince, country, quantity=2)
    pay_by_card(django_app, page, stripe.card("4000002500003155"))  # 3-D Secure, never completed
    order = Order.objects.get()
    record = quince.stockrecords.get()
    assert record.num_allocated == 2
    settings.PAYMENT_ABANDONED_AFTER_MINUTES = 30

    assert cancel_abandoned_orders() == 0  # not old enough yet
    Order.objects.filter(pk=order.pk).update(date_placed=timezone.now() - timedelta(minutes=31))
    assert cancel_abandoned_orders() == 1

    order.refresh_from_db()
    record.refresh_from_db()
    assert order.status == "Cancelled" and record.num_allocated == 0
    assert payment_state(order).code == "cancelled"
    intent_id = order.sources.get().reference
    assert stripe.get(f"/v1/payment_intents/{intent_id}")["status"] == "canceled"
    cancelled_email = OutgoingEmail.objects.get(kind="ORDER_CANCELLED")
    assert cancelled_email.to == "guest@example.com" and order.number in cancelled_email.body_text
    assert order.status_changes.filter(old_status="Pending", new_status="Cancelled").exists()


def test_a_paid_order_is_never_cancelled_as_abandoned(django_app, client, stripe, products, country):
    order, _ = paid_order(django_app, client, stripe, products[0], country)
    Order.objects.filter(pk=order.pk).update(date_placed=timezone.now() - timedelta(days=2))

    assert cancel_abandoned_orders() == 0
    order.refresh_from_db()
    assert order.status == "Processing"
