"""Many "Place order" clicks at once for one basket: one order, one charge, no refund.

Given a guest at the preview page with a card entered (localstripe), when 2 and then 20
requests carrying the same session press "Place order" at the same moment, each with its
own database connection on PostgreSQL, then exactly one order exists, Stripe holds one
PaymentIntent for it and no refund, and every request ends on that order's thank-you page.

Also: a retry after a placement that failed once the card was charged never reuses the
given-back intent, and Stripe's refund notice for that intent touches no order.
"""
import json
import os
import threading
import time
from decimal import Decimal
from http.cookies import SimpleCookie

import pytest
from django.db import DatabaseError, connection
from django.test import Client
from oscar.core.loading import get_class, get_model

from commerce.payments.models import Payment, StripeEvent
from tests.checkout_steps import enter_card, guest_to_payment_step
from tests.fake_stripe import sign

Order = get_model("order", "Order")
OrderCreator = get_class("order.utils", "OrderCreator")

ON_POSTGRESQL = os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))


def card_preview(django_app, stripe, product, country):
    """The preview page, and the fields its "Place order" form posts."""
    page = guest_to_payment_step(django_app, product, country)
    preview = enter_card(page, stripe.card())
    return preview, list(preview.forms["place_order_form"].submit_fields())


def clients_sharing(django_app, n):
    """n test clients with the browser's cookies (one shopper clicking n times)."""
    jar = SimpleCookie()
    for name, value in django_app.cookies.items():
        jar[name] = value
    clients = []
    for _ in range(n):
        client = Client()
        client.cookies = SimpleCookie(jar.output(header="", sep=";"))
        clients.append(client)
    return clients


def refunds(stripe):
    return stripe.get("/v1/refunds", limit=100)["data"]


def refund_notice(stripe, charge_id, event_id):
    """Stripe's signed charge.refunded event for a charge, as its webhook would deliver it
    (localstripe keeps the charge but sends no such event itself)."""
    event = {"id": event_id, "type": "charge.refunded", "created": int(time.time()),
             "data": {"object": stripe.get(f"/v1/charges/{charge_id}")}}
    body = json.dumps(event).encode()
    return body, sign(body)


@pytest.mark.skipif(not ON_POSTGRESQL, reason="simultaneous clicks need PostgreSQL's row locks (CI runs it)")
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("clicks", [2, 20])
def test_simultaneous_place_order_clicks_make_one_order_and_one_charge(django_app, stripe, products, country,
                                                                        clicks):
    preview, fields = card_preview(django_app, stripe, products[0], country)
    clients = clients_sharing(django_app, clicks)
    start = threading.Barrier(clicks)
    pages = [None] * clicks

    def click(i):
        try:
            start.wait(timeout=30)
            response = clients[i].post("/shop/checkout/preview/", dict(fields), follow=True)
            pages[i] = (response.status_code, response.request["PATH_INFO"], response.content.decode())
        finally:
            connection.close()

    threads = [threading.Thread(target=click, args=(i,)) for i in range(clicks)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    [order] = Order.objects.all()
    [intent] = stripe.intents_for(order.number)
    assert intent["status"] == "succeeded" and intent["amount"] == 1145  # $6.50 + $4.95 delivery
    assert refunds(stripe) == []
    assert Payment.objects.filter(order_number=order.number).exclude(status=Payment.Status.CANCELED).count() == 1
    for status, path, text in pages:
        assert (status, path) == (200, "/shop/checkout/thank-you/"), text[:2000]
        assert order.number in text
    assert sum("already placed" in text for _, _, text in pages) == clicks - 1


@pytest.mark.django_db
def test_a_retry_after_a_failed_placement_is_a_new_charge_and_the_returned_one_stays_returned(
        django_app, client, stripe, products, country, monkeypatch):
    real_place_order = OrderCreator.place_order
    failures = []

    def fails_once(self, *args, **kwargs):
        if not failures:
            failures.append(True)
            raise DatabaseError("the database went away while the order was written")
        return real_place_order(self, *args, **kwargs)

    monkeypatch.setattr(OrderCreator, "place_order", fails_once)
    preview, fields = card_preview(django_app, stripe, products[0], country)
    failed = django_app.post("/shop/checkout/preview/", params=fields).maybe_follow()
    assert "A problem occurred while placing this order" in failed.text and not Order.objects.exists()
    [returned] = Payment.objects.all()
    assert returned.status == Payment.Status.CANCELED
    [refund] = refunds(stripe)
    assert refund["payment_intent"] == returned.intent_id

    again = django_app.post("/shop/checkout/preview/", params=fields).maybe_follow()

    order = Order.objects.get()
    assert again.request.path == "/shop/checkout/thank-you/" and order.number == returned.order_number
    paying = Payment.objects.exclude(pk=returned.pk).get()
    assert paying.intent_id != returned.intent_id and paying.status == Payment.Status.PROCESSING
    assert order.sources.get().reference == paying.intent_id
    assert len(refunds(stripe)) == 1  # only the returned intent's

    # Stripe's notice of the first refund arrives (late, as webhooks do): it is the
    # returned payment's, so it must not be booked against the order that reused the number.
    body, signature = refund_notice(stripe, refund["charge"], "evt_refund_of_returned")
    response = client.post("/stripe/webhook/", data=body, content_type="application/json",
                           HTTP_STRIPE_SIGNATURE=signature)
    assert response.status_code == 200
    assert "never placed" in response.json()["outcome"]
    order.refresh_from_db()
    assert order.sources.get().amount_refunded == 0
    assert not order.payment_events.filter(event_type__name="Refunded").exists()
    returned.refresh_from_db()
    assert returned.amount_refunded == returned.amount


@pytest.mark.django_db
def test_a_refund_notice_for_a_payment_whose_order_was_never_placed_is_recorded_not_a_500(client, stripe):
    """No order was ever written for this number (the shopper gave up after the failure)."""
    intent = stripe.post("/v1/payment_intents", {"amount": 1145, "currency": "usd", "payment_method": stripe.card(),
                                                 "confirm": "true", "metadata[order_number]": "100077"})
    Payment.objects.create(order_number="100077", idempotency_key="order:100077:pm:1145", intent_id=intent["id"],
                           amount="11.45", currency="USD", status=Payment.Status.CANCELED)
    refund = stripe.post("/v1/refunds", {"payment_intent": intent["id"], "amount": 1145})
    body, signature = refund_notice(stripe, refund["charge"], "evt_refund_unplaced")

    response = client.post("/stripe/webhook/", data=body, content_type="application/json",
                           HTTP_STRIPE_SIGNATURE=signature)

    assert response.status_code == 200
    assert StripeEvent.objects.get(pk="evt_refund_unplaced").outcome.endswith("whose order was never placed")
    assert Payment.objects.get(intent_id=intent["id"]).amount_refunded == Decimal("11.45")
