"""A refund asked for through the API is made at Stripe (localstripe) through the payment
ledger, once per key, and refused with a reason when it is too large."""
from decimal import Decimal

import pytest

from commerce.payments.models import Refund
from commerce.payments.state import payment_state
from tests.api.conftest import bearer
from tests.checkout_steps import paid_order

pytestmark = pytest.mark.django_db


def test_a_refund_goes_through_the_ledger_once_per_key(django_app, client, api, stripe, products, country,
                                                       key_with, merchandiser):
    order, intent = paid_order(django_app, client, stripe, products[0], country, quantity=2)  # $17.95
    url = f"/api/staff/orders/{order.number}/refunds/"
    asked = {"amount": "5.00", "key": "erp-refund-0001"}

    assert api.post(url, asked, format="json", **bearer(key_with("orders:read"))).status_code == 403
    writer = bearer(key_with("refunds:write", "orders:read"))
    too_much = api.post(url, {"amount": "999", "key": "erp-refund-0002"}, format="json", **writer)
    assert too_much.status_code == 400 and "between $0.01 and $17.95" in too_much.json()["error"]

    made = api.post(url, asked, format="json", **writer)
    again = api.post(url, asked, format="json", **writer)
    assert made.status_code == 201 and made.json()["amount"] == "5.00"
    assert again.json()["id"] == made.json()["id"]
    assert [r["amount"] for r in stripe.get("/v1/refunds", payment_intent=intent["id"])["data"]] == [500]
    state = payment_state(order)
    assert (state.code, state.refunded) == ("partially_refunded", Decimal("5.00"))
    assert Refund.objects.get().created_by == merchandiser
    assert [r["key"] for r in api.get(url, **writer).json()["results"]] == ["erp-refund-0001"]
