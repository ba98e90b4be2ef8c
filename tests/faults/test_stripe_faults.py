"""Stripe slow, silent or half-done: the shop answers in seconds and no money is lost.

Given card payments against localstripe reached through a fault proxy, when Stripe stops
answering, answers slowly, the worker dies between the charge and the order, or the
webhook never arrives, then the shopper gets a clear "try again" page within seconds, no
other buyer waits on the stock rows, and the reconciliation gives back every charge no
order pays for and settles every order Stripe was paid for, each exactly once.
"""
import os
import threading
import time

import pytest
from django.db import OperationalError, connection, connections
from django.test import Client
from oscar.core.loading import get_class, get_model

from commerce.payments.models import Payment
from commerce.payments.tasks import reconcile_payments
from outbox.models import OutgoingEmail

from ..checkout_steps import enter_card, guest_to_payment_step
from .faultproxy import FaultProxy
from .report import record

Order = get_model("order", "Order")
OrderCreator = get_class("order.utils", "OrderCreator")

ON_POSTGRESQL = os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))


@pytest.fixture
def stripe_line(stripe, settings):
    """localstripe behind a fault proxy, with the shop's Stripe calls bounded to a second a try."""
    port = int(stripe.base.rsplit(":", 1)[1])
    proxy = FaultProxy("127.0.0.1", port)
    settings.STRIPE_API_BASE = f"http://{proxy.address}"
    settings.STRIPE_CONNECT_TIMEOUT = settings.STRIPE_READ_TIMEOUT = 1.0
    settings.STRIPE_NETWORK_RETRIES = 1
    settings.PAYMENT_RECONCILE_AFTER_MINUTES = 0
    yield proxy
    proxy.stop()


def refunds(stripe):
    return stripe.get("/v1/refunds", limit=100)["data"]


def unreturned_charges_without_an_order(stripe):
    """Succeeded intents that pay for no order and were not refunded: money lost to the shopper."""
    refunded = {refund["payment_intent"] for refund in refunds(stripe)}
    paid_for = set(Order.objects.values_list("sources__reference", flat=True))
    return [pi["id"] for pi in stripe.get("/v1/payment_intents", limit=100)["data"]
            if pi["status"] == "succeeded" and pi["id"] not in refunded and pi["id"] not in paid_for]


def preview_fields(django_app, stripe, product, country):
    page = guest_to_payment_step(django_app, product, country)
    return list(enter_card(page, stripe.card()).forms["place_order_form"].submit_fields())


@pytest.mark.django_db
def test_a_silent_stripe_gives_a_try_again_page_in_seconds_and_the_retry_places_one_order(
        django_app, stripe, stripe_line, products, country):
    jam = products[0]
    fields = preview_fields(django_app, stripe, jam, country)
    statuses = []

    stripe_line.hang()
    started = time.monotonic()
    page = django_app.post("/shop/checkout/preview/", params=fields, expect_errors=True)
    took = time.monotonic() - started
    statuses.append(page.status_code)

    assert page.status_code == 503 and page.headers["Retry-After"]
    assert "did not answer in time, so no order was placed" in page.text and "try again" in page.text
    assert took < 6, f"the shopper waited {took:.1f}s"
    assert not Order.objects.exists() and not jam.stockrecords.get().num_allocated

    stripe_line.heal()  # the requests that hung now reach Stripe, late: charges nobody waits for
    again = django_app.post("/shop/checkout/preview/", params=fields).maybe_follow()
    statuses.append(again.status_code)
    assert again.request.path == "/shop/checkout/thank-you/"
    order = Order.objects.get()

    time.sleep(1)  # let the late requests land at localstripe
    reconcile_payments()
    assert reconcile_payments()["returned"] == []  # what was given back is never given back twice

    lost = unreturned_charges_without_an_order(stripe)
    assert lost == []
    assert order.sources.get().reference in {pi["id"] for pi in stripe.intents_for(order.number)}
    record("Stripe silent at checkout", statuses, {"orders": 0, "charges without an order": len(lost)},
           note=f"the shopper waited {took:.1f}s for the try-again page")


@pytest.mark.skipif(not ON_POSTGRESQL, reason="row locks need PostgreSQL (CI runs it)")
@pytest.mark.django_db(transaction=True)
def test_no_stock_row_is_locked_while_stripe_is_answering(django_app, stripe, stripe_line, products, country,
                                                           settings):
    settings.STRIPE_READ_TIMEOUT = 5.0
    jam = products[0]
    fields = preview_fields(django_app, stripe, jam, country)
    record_id = jam.stockrecords.get().pk
    client = Client()
    for name, value in django_app.cookies.items():
        client.cookies[name] = value
    answers = []

    def place():
        try:
            answers.append(client.post("/shop/checkout/preview/", dict(fields)).status_code)
        finally:
            connection.close()

    stripe_line.slow(0.8)  # each way: the charge takes over a second and a half
    buyer = threading.Thread(target=place)
    buyer.start()
    time.sleep(0.8)
    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            cursor.execute("BEGIN")
            try:
                cursor.execute("SELECT id FROM partner_stockrecord WHERE id = %s FOR UPDATE NOWAIT", [record_id])
                locked = False
            except OperationalError:
                locked = True
            cursor.execute("ROLLBACK")
    finally:
        other.close()
    buyer.join(timeout=30)

    assert not locked, "another buyer had to wait on the stock row while Stripe was answering"
    assert answers == [302] and Order.objects.count() == 1
    assert jam.stockrecords.get().num_allocated == 1
    record("Stripe slow at checkout", answers, {"orders": 0}, note="stock rows free while the card was charged")


class WorkerKilled(BaseException):
    """Stands for the worker process dying: nothing in the request gets to handle it."""


@pytest.mark.django_db
def test_a_charge_whose_order_was_never_written_is_given_back_once(django_app, stripe, stripe_line, products,
                                                                   country, monkeypatch):
    fields = preview_fields(django_app, stripe, products[0], country)

    def killed(self, *args, **kwargs):
        raise WorkerKilled()

    monkeypatch.setattr(OrderCreator, "place_order", killed)
    with pytest.raises(WorkerKilled):
        django_app.post("/shop/checkout/preview/", params=fields)
    monkeypatch.undo()
    [charged] = [pi for pi in stripe.get("/v1/payment_intents", limit=100)["data"] if pi["status"] == "succeeded"]
    assert not Order.objects.exists() and not Payment.objects.exists()  # the request's transaction died with it

    first = reconcile_payments()
    second = reconcile_payments()

    assert first["returned"] == [charged["id"]] and second["returned"] == []
    assert [r["payment_intent"] for r in refunds(stripe)] == [charged["id"]]
    assert Payment.objects.get(intent_id=charged["id"]).status == Payment.Status.CANCELED
    lost = unreturned_charges_without_an_order(stripe)
    record("Worker killed between charge and order", [500], {"charges without an order": len(lost)},
           note="the dying request is the 500; the reconciliation refunded the charge")


@pytest.mark.django_db
def test_an_order_whose_webhook_never_came_is_paid_by_the_reconciliation_exactly_once(
        django_app, client, stripe, stripe_line, products, country, django_capture_on_commit_callbacks):
    fields = preview_fields(django_app, stripe, products[0], country)
    django_app.post("/shop/checkout/preview/", params=fields).maybe_follow()
    order = Order.objects.get()
    assert order.status == "Pending"
    [intent] = stripe.intents_for(order.number)

    with django_capture_on_commit_callbacks(execute=True):
        outcome = reconcile_payments()

    assert outcome["settled"] == {intent["id"]: "paid"}
    order.refresh_from_db()
    assert order.status == "Processing"
    body, signature = stripe.wait_for("payment_intent.succeeded", intent["id"])
    late = client.post("/stripe/webhook/", data=body, content_type="application/json", HTTP_STRIPE_SIGNATURE=signature)
    assert late.status_code == 200 and late.json()["outcome"] == "already paid"
    assert reconcile_payments()["settled"] == {}
    assert order.payment_events.filter(event_type__name="Paid").count() == 1
    assert OutgoingEmail.objects.filter(key=f"order-placed:{order.number}").count() == 1
    record("Webhook never arrives", [late.status_code], {"orders left unpaid": 0, "confirmation emails": 0},
           note="paid by the reconciliation; the late webhook changed nothing")
