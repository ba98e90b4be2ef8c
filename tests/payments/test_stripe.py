"""Card payments against localstripe: paid by webhook only, once, for the server's amount.

Given a small catalogue and checkout configured for localstripe, when a guest pays by
card, then the order is Pending until Stripe's signed webhook arrives, after which it is
paid (Processing), its ledger shows the money and one confirmation email is queued.
"""
import json
import time
from decimal import Decimal

import pytest
from oscar.core.loading import get_model

from commerce.payments.models import Payment, StripeEvent
from outbox.models import OutgoingEmail
from tests.checkout_steps import deliver, enter_card, guest_to_payment_step, paid_order, pay_by_card, press_place_order
from tests.fake_stripe import sign

Order = get_model("order", "Order")
Basket = get_model("basket", "Basket")

pytestmark = pytest.mark.django_db


def test_order_is_paid_only_when_the_signed_webhook_arrives(django_app, client, stripe, products, country,
                                                             django_capture_on_commit_callbacks):
    jam = products[0]  # $6.50
    page = guest_to_payment_step(django_app, jam, country, quantity=2)
    page = pay_by_card(django_app, page, stripe.card())

    order = Order.objects.get()
    assert page.request.path == "/shop/checkout/thank-you/"
    assert "Payment processing" in page.text
    assert order.status == "Pending"
    assert order.total_incl_tax == Decimal("13.00") + Decimal("4.95")
    assert not OutgoingEmail.objects.filter(key=f"order-placed:{order.number}").exists()
    [intent] = stripe.intents_for(order.number)
    assert intent["amount"] == 1795 and intent["currency"] == "usd" and intent["status"] == "succeeded"

    body, signature = stripe.wait_for("payment_intent.succeeded", intent["id"])
    with django_capture_on_commit_callbacks(execute=True):
        response = deliver(client, body, signature)

    assert response.status_code == 200 and response.json()["outcome"] == "paid"
    order.refresh_from_db()
    assert order.status == "Processing"
    source = order.sources.get()
    assert (source.amount_allocated, source.amount_debited, source.reference) == (
        Decimal("17.95"), Decimal("17.95"), intent["id"])
    assert [(e.event_type.name, e.amount) for e in order.payment_events.all()] == [("Paid", Decimal("17.95"))]
    email = OutgoingEmail.objects.get(key=f"order-placed:{order.number}")
    assert email.to == "guest@example.com"
    for expected in ("Damson jam", "quantity: 2", "$13.00", "$4.95", "$17.95", "12 Orchard Lane", "Standard delivery"):
        assert expected in email.body_text, expected
    assert "Payment: Paid" in django_app.get("/shop/checkout/thank-you/").text


def test_the_same_webhook_twice_pays_once(django_app, client, stripe, products, country):
    order, intent = paid_order(django_app, client, stripe, products[0], country)
    body, signature = stripe.wait_for("payment_intent.succeeded", intent["id"])

    again = deliver(client, body, signature)

    assert again.status_code == 200 and again.json()["outcome"].startswith("duplicate")
    assert order.payment_events.count() == 1
    assert order.sources.get().amount_debited == order.total_incl_tax
    assert OutgoingEmail.objects.filter(key=f"order-placed:{order.number}").count() == 1
    assert StripeEvent.objects.filter(type="payment_intent.succeeded").count() == 1


def test_forged_or_stale_signatures_are_refused_and_change_nothing(django_app, client, stripe, products, country):
    page = guest_to_payment_step(django_app, products[0], country)
    pay_by_card(django_app, page, stripe.card())
    order = Order.objects.get()
    [intent] = stripe.intents_for(order.number)
    body, _ = stripe.wait_for("payment_intent.succeeded", intent["id"])

    forged = deliver(client, body, sign(body, secret="whsec_not_ours"))
    stale = deliver(client, body, sign(body, timestamp=int(time.time()) - 600))
    unsigned = deliver(client, body, "")
    tampered = deliver(client, body.replace(b'"amount": 1145', b'"amount": 1'), sign(body))

    assert [r.status_code for r in (forged, stale, unsigned, tampered)] == [400, 400, 400, 400]
    order.refresh_from_db()
    assert order.status == "Pending" and order.sources.get().amount_debited == 0
    assert not StripeEvent.objects.exists()


def test_a_declined_card_keeps_the_basket_and_says_why(django_app, stripe, products, country):
    jam = products[0]
    page = guest_to_payment_step(django_app, jam, country, quantity=3)

    page = pay_by_card(django_app, page, stripe.card("4000000000000341"))

    assert page.status_code == 200
    assert "Your card was declined." in page.text and "Nothing was charged" in page.text
    assert not Order.objects.exists()
    basket = django_app.get("/shop/basket/")
    assert jam.title in basket.text
    assert Basket.objects.get(status="Open").all_lines()[0].quantity == 3
    assert Payment.objects.get().status == Payment.Status.FAILED
    # and a second card then goes through for the same basket
    page = pay_by_card(django_app, django_app.get("/shop/checkout/payment-details/"), stripe.card())
    assert page.request.path == "/shop/checkout/thank-you/" and Order.objects.count() == 1


def test_tampered_amounts_and_quantities_do_not_change_the_charge(django_app, stripe, products, country):
    jam = products[0]
    page = guest_to_payment_step(django_app, jam, country, quantity=2)
    preview = enter_card(page, stripe.card())

    press_place_order(django_app, preview, amount="0.01", total="0.01", **{"form-0-quantity": "50", "quantity": "50"})

    order = Order.objects.get()
    assert order.lines.get().quantity == 2
    [intent] = stripe.intents_for(order.number)
    assert intent["amount"] == 1795  # 2 × $6.50 + $4.95 standard delivery, from the basket


def test_submitting_the_same_order_twice_charges_once_and_shows_the_order(django_app, stripe, products, country):
    from commerce.payments import ledger

    page = guest_to_payment_step(django_app, products[0], country)
    preview = enter_card(page, stripe.card())
    form = preview.forms["place_order_form"]
    fields = list(form.submit_fields())
    first = django_app.post(form.action, params=fields).maybe_follow()
    second = django_app.post(form.action, params=fields).maybe_follow()

    order = Order.objects.get()
    assert first.request.path == second.request.path == "/shop/checkout/thank-you/"
    assert order.number in second.text and "already placed" in second.text
    [intent] = stripe.intents_for(order.number)
    assert intent["status"] == "succeeded" and not stripe.get("/v1/refunds", limit=100)["data"]
    payment = Payment.objects.get(order_number=order.number)
    assert payment.status != Payment.Status.CANCELED
    with pytest.raises(ledger.AlreadyPlaced):
        ledger.start_payment(order_number=order.number, amount=payment.amount, currency="USD",
                             payment_method_id=payment.idempotency_key.split(":")[2], email="guest@example.com")
    assert ledger.return_payment(payment) is False
    assert len(stripe.intents_for(order.number)) == 1 and not stripe.get("/v1/refunds", limit=100)["data"]


def test_three_d_secure_then_paid_by_webhook(django_app, client, stripe, products, country):
    page = guest_to_payment_step(django_app, products[0], country)
    page = pay_by_card(django_app, page, stripe.card("4000002500003155"))

    order = Order.objects.get()
    [intent] = stripe.intents_for(order.number)
    assert intent["status"] == "requires_action"
    assert "Confirm with my bank" in page.text and intent["client_secret"] in page.text

    stripe.authenticate(intent)
    deliver(client, *stripe.wait_for("payment_intent.succeeded", intent["id"]))

    order.refresh_from_db()
    assert order.status == "Processing"
    assert "Payment: Paid" in django_app.get("/shop/checkout/thank-you/").text


def test_payment_failed_webhook_tells_the_shopper(django_app, client, stripe, products, country):
    page = guest_to_payment_step(django_app, products[0], country)
    pay_by_card(django_app, page, stripe.card("4000002500003155"))
    order = Order.objects.get()
    [intent] = stripe.intents_for(order.number)
    event = {"id": "evt_failed_3ds_1", "type": "payment_intent.payment_failed", "created": int(time.time()),
             "data": {"object": {**intent, "status": "requires_payment_method",
                                 "last_payment_error": {"message": "Your card could not be authenticated."}}}}
    body = json.dumps(event).encode()

    assert deliver(client, body, sign(body)).status_code == 200

    page = django_app.get("/shop/checkout/thank-you/")
    assert "Payment declined" in page.text and "could not be authenticated" in page.text
    order.refresh_from_db()
    assert order.status == "Pending"
