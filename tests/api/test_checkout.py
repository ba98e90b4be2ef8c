"""Headless checkout: a guest's API basket placed and paid by card at localstripe, with the
same delivery, tax and total the web checkout gives (tests/checkout/test_tax_and_delivery.py)."""
from decimal import Decimal

import pytest
from oscar.core.loading import get_model
from rest_framework.test import APIClient

from commerce.payments.models import Payment
from tests.checkout_steps import deliver

Order = get_model("order", "Order")
StockRecord = get_model("partner", "StockRecord")

pytestmark = pytest.mark.django_db

MASSACHUSETTS = {"first_name": "Ada", "last_name": "Lovelace", "line1": "1 Beacon Street", "line4": "Boston",
                 "state": "Massachusetts", "postcode": "02108", "country": "US"}


def checkout(api, payment_method_id="pm_card_visa", address=None, method="standard", email="guest@example.com"):
    return api.post("/api/checkout/", {"email": email, "shipping_address": address or MASSACHUSETTS,
                                       "shipping_method": method, "payment_method_id": payment_method_id},
                    format="json")


def add(api, product, quantity):
    assert api.post("/api/basket/lines/", {"product": product.pk, "quantity": quantity}).status_code == 201


def test_a_guest_checks_out_the_api_basket_and_pays_exactly_goods_delivery_and_tax(
        api, client, stripe, products, markets):
    add(api, products[0], 2)  # 2 × $6.50

    methods = api.get("/api/checkout/methods/", {"country": "US", "state": "MA"})
    assert methods.status_code == 200
    standard = next(m for m in methods.json() if m["code"] == "standard")
    # 13.00 of goods; Massachusetts doesn't tax delivery: 13.00 × 6.25 % = 0.8125 → 0.81
    assert (standard["charge"], standard["tax"], standard["total"]) == ("4.95", "0.81", "18.76")

    answer = checkout(api, stripe.card())

    assert answer.status_code == 201, answer.json()
    body = answer.json()
    order = Order.objects.get(number=body["number"])
    assert body["total"] == "18.76" and body["status"] == "Pending" and body["payment"]["client_secret"]
    assert order.guest_email == "guest@example.com" and order.user is None
    assert order.shipping_excl_tax == Decimal("4.95") and order.total_excl_tax == Decimal("17.95")
    assert [(s.name, s.incl_tax) for s in order.surcharges.all()] == [
        ("Sales tax (Massachusetts, 6.25%)", Decimal("0.81"))]
    assert order.total_incl_tax == Decimal("18.76")
    assert order.billing_address.line1 == "1 Beacon Street"
    stock = StockRecord.objects.get(product=products[0])
    assert stock.num_allocated == 2  # allocated as the web checkout does
    [intent] = stripe.intents_for(order.number)
    assert intent["amount"] == 1876 and intent["client_secret"] == body["payment"]["client_secret"]
    assert api.get("/api/basket/").json()["lines"] == []  # the session's basket is now a new, empty one

    body, signature = stripe.wait_for("payment_intent.succeeded", intent["id"])
    assert deliver(client, body, signature).status_code == 200
    order.refresh_from_db()
    assert order.status == "Processing" and order.sources.get().amount_debited == Decimal("18.76")


def test_an_address_without_a_tax_rate_is_refused_with_the_checkouts_message(api, stripe, products, markets):
    add(api, products[0], 1)

    answer = checkout(api, stripe.card(), address={**MASSACHUSETTS, "state": "FL", "postcode": "33101"})

    assert answer.status_code == 400
    assert "no tax rate for it" in answer.json()["fields"]["shipping_address"]["state"][0]
    listing = api.get("/api/checkout/methods/", {"country": "US", "state": "FL"})
    assert listing.status_code == 400 and "no tax rate for it" in listing.json()["fields"]["state"][0]
    assert Order.objects.count() == 0 and Payment.objects.count() == 0


def test_an_unknown_delivery_method_is_refused_with_the_choices(api, stripe, products, markets):
    add(api, products[0], 1)

    answer = checkout(api, stripe.card(), method="uk-standard")

    assert answer.status_code == 400 and "standard" in answer.json()["fields"]["shipping_method"][0]
    assert Order.objects.count() == 0


def test_an_empty_basket_is_refused(api, stripe, markets):
    answer = checkout(api, stripe.card())

    assert answer.status_code == 400 and "basket is empty" in answer.json()["error"]


def test_a_product_sold_out_since_it_was_added_is_refused_before_any_charge(api, stripe, products, markets):
    add(api, products[2], 2)  # the last two quince pastes
    StockRecord.objects.filter(product=products[2]).update(num_in_stock=1)

    answer = checkout(api, stripe.card())

    assert answer.status_code == 400 and "Nothing was charged" in answer.json()["error"]
    assert Order.objects.count() == 0 and Payment.objects.count() == 0 and stripe.get("/v1/payment_intents",
                                                                                       limit=100)["data"] == []


def test_a_declined_card_is_refused_with_stripes_message(api, stripe, products, markets):
    add(api, products[0], 1)

    answer = checkout(api, stripe.card("4000000000000341"))

    assert answer.status_code == 402
    assert "Your card was declined." in answer.json()["error"] and "Nothing was charged" in answer.json()["error"]
    assert Order.objects.count() == 0 and Payment.objects.get().status == Payment.Status.FAILED
    assert len(api.get("/api/basket/").json()["lines"]) == 1  # the basket is kept for another card


def test_another_session_cant_check_out_this_basket(api, stripe, products, markets):
    add(api, products[0], 1)

    other = APIClient()
    answer = checkout(other, stripe.card())

    assert answer.status_code == 400 and "basket is empty" in answer.json()["error"]
    assert Order.objects.count() == 0 and len(api.get("/api/basket/").json()["lines"]) == 1


def test_a_guest_without_an_email_is_asked_for_one(api, stripe, products, markets):
    add(api, products[0], 1)

    answer = checkout(api, stripe.card(), email="")

    assert answer.status_code == 400 and "email" in answer.json()["fields"]


def test_a_signed_in_shopper_waiting_for_3d_secure_may_not_hold_more_orders_than_the_limit(
        api, stripe, products, markets, shopper, settings):
    settings.UNPAID_ORDERS_PER_CUSTOMER = 1
    api.force_login(shopper)
    add(api, products[0], 1)

    first = checkout(api, stripe.card("4000002500003155"), email="")  # the bank asks for 3-D Secure

    assert first.status_code == 201, first.json()
    assert first.json()["payment"]["status"] == "requires_action" and first.json()["payment"]["client_secret"]
    assert Order.objects.get(number=first.json()["number"]).user == shopper
    add(api, products[1], 1)
    second = checkout(api, stripe.card("4000002500003155"), email="")

    assert second.status_code == 400 and "waiting for your bank" in second.json()["error"]
    assert Order.objects.count() == 1
