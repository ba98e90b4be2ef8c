"""A return from request to refund, as the shopper and the merchandiser each see it (localstripe).

Given a delivered card order, when the shopper asks from their order page to return part of
it, the merchandiser approves it, books the parcel in (restocking it) and refunds it, then
the stock is back on the shelf, Stripe holds a refund of the goods plus their share of the
tax (no delivery: the shopper changed their mind), each step is on the order's timeline
with who made it and the shopper got an email for each.
"""
from decimal import Decimal

import pytest
from django.core import mail

from commerce.payments.state import payment_state
from commerce.returns.models import ReturnRequest

from .conftest import ask, words

pytestmark = pytest.mark.django_db


def act(dashboard, ret, form_id, **fields):
    form = dashboard.get(f"/shop/dashboard/returns/{ret.number}/").forms[form_id]
    for name, value in fields.items():
        form[name] = value
    return form.submit(expect_errors=True)


def test_request_approve_receive_restock_and_refund(django_app, stripe, products, shopper, merchandiser, illinois_tax,
                                                   delivered_card_order, committed):
    jam = products[0]
    order, intent = delivered_card_order(jam, quantity=2, user=shopper)  # 2 × $6.50 + $0.81 tax + $4.95 delivery
    record = jam.stockrecords.get()
    assert (order.total_incl_tax, record.num_in_stock) == (Decimal("18.76"), 18)
    django_app.set_user(shopper)
    page = django_app.get(f"/shop/accounts/orders/{order.number}/")
    assert page.html.select_one("#ask-for-return") is not None
    mail.outbox.clear()

    with committed():
        slip = ask(django_app, order, {"Damson jam": 1}, reason="changed_mind", note="Too sweet for us").follow()
    ret = ReturnRequest.objects.get()
    assert ret.rma == "RMA-000001" and slip.request.path == "/shop/returns/RMA-000001/slip/"
    assert "RMA-000001" in words(slip) and "Requested" in words(slip)

    django_app.set_user(merchandiser)
    with committed():
        assert act(django_app, ret, "return_decision_form", decision="approve", note="Thanks").status_code == 302
        receipt = django_app.get(f"/shop/dashboard/returns/{ret.number}/").forms["return_receipt_form"]
        [line] = ret.lines.all()
        receipt[f"restock_{line.pk}"], receipt[f"writeoff_{line.pk}"] = 1, 0
        assert receipt.submit().status_code == 302
        detail = django_app.get(f"/shop/dashboard/returns/{ret.number}/")
        assert "Refund $6.91 to the card" in words(detail)  # $6.50 + 6.25% of it ($0.41, half of the order's $0.81)
        assert detail.forms["return_refund_form"].submit().status_code == 302

    record.refresh_from_db()
    assert record.num_in_stock == 19  # one unit back on the shelf
    ret.refresh_from_db()
    assert (ret.status, ret.amount_refunded, ret.tax_refunded, ret.shipping_refunded) == (
        "refunded", Decimal("6.91"), Decimal("0.41"), Decimal("0.00"))
    assert [r["amount"] for r in stripe.get("/v1/refunds", payment_intent=intent["id"])["data"]] == [691]
    assert payment_state(order).refunded == Decimal("6.91")

    order_page = django_app.get(f"/shop/dashboard/orders/{order.number}/")
    assert order_page.html.select_one("#order-returns a")["href"] == "/shop/dashboard/returns/1/"
    timeline = words(order_page)
    for step in ("requested", "approved", "received", "refunded"):
        assert f"Return RMA-000001 {step}" in timeline
    assert f"refunded — Refunded $6.91 to the card by {merchandiser.email}" in timeline
    assert f"requested — 1 × Damson jam (Changed my mind) by {shopper.email}" in timeline

    assert sorted(m.subject for m in mail.outbox) == sorted([
        f"Return RMA-000001 for order {order.number}: we have your request",
        "Return RMA-000001 approved: please send the goods back",
        "Return RMA-000001: your parcel has arrived",
        f"Refund of $6.91 for order {order.number}",
    ])
    assert all(m.to == [shopper.email] for m in mail.outbox)
    approved = next(m for m in mail.outbox if "approved" in m.subject)
    assert "/shop/returns/RMA-000001/slip/" in approved.body

    django_app.set_user(shopper)
    customer_page = words(django_app.get(f"/shop/accounts/orders/{order.number}/"))
    assert "RMA-000001: Refunded" in customer_page and "Return RMA-000001 refunded" in customer_page
    assert merchandiser.email not in customer_page


def test_a_whole_order_damaged_refunds_delivery_and_all_the_tax(django_app, stripe, products, shopper, merchandiser,
                                                                illinois_tax, delivered_card_order):
    order, intent = delivered_card_order(products[0], quantity=2, user=shopper)
    django_app.set_user(shopper)
    ask(django_app, order, {"Damson jam": 2}, reason="damaged", note="Both jars cracked")
    ret = ReturnRequest.objects.get()
    django_app.set_user(merchandiser)
    act(django_app, ret, "return_decision_form", decision="approve")
    [line] = ret.lines.all()
    act(django_app, ret, "return_receipt_form", **{f"restock_{line.pk}": 0, f"writeoff_{line.pk}": 2})
    act(django_app, ret, "return_refund_form")

    ret.refresh_from_db()
    assert (ret.amount_refunded, ret.tax_refunded, ret.shipping_refunded) == (
        Decimal("18.76"), Decimal("0.81"), Decimal("4.95"))
    assert [r["amount"] for r in stripe.get("/v1/refunds", payment_intent=intent["id"])["data"]] == [1876]
    assert products[0].stockrecords.get().num_in_stock == 18  # written off: nothing back on the shelf


def test_a_whole_order_back_because_the_shopper_changed_their_mind_keeps_the_delivery(
        django_app, stripe, products, shopper, merchandiser, illinois_tax, delivered_card_order):
    order, intent = delivered_card_order(products[0], quantity=2, user=shopper)
    django_app.set_user(shopper)
    ask(django_app, order, {"Damson jam": 2}, reason="changed_mind")
    ret = ReturnRequest.objects.get()
    django_app.set_user(merchandiser)
    act(django_app, ret, "return_decision_form", decision="approve")
    [line] = ret.lines.all()
    act(django_app, ret, "return_receipt_form", **{f"restock_{line.pk}": 2, f"writeoff_{line.pk}": 0})
    response = act(django_app, ret, "return_refund_form")

    assert response.status_code == 302
    assert [r["amount"] for r in stripe.get("/v1/refunds", payment_intent=intent["id"])["data"]] == [1381]
    assert products[0].stockrecords.get().num_in_stock == 20


def received_return(django_app, shopper, merchandiser, order, units):
    django_app.set_user(shopper)
    ask(django_app, order, {"Damson jam": units})
    ret = ReturnRequest.objects.get()
    django_app.set_user(merchandiser)
    act(django_app, ret, "return_decision_form", decision="approve")
    return ret


def test_a_receipt_for_more_than_came_back_is_refused(django_app, shopper, merchandiser, products, delivered):
    order = delivered((products[0], 2), user=shopper)
    ret = received_return(django_app, shopper, merchandiser, order, 1)
    [line] = ret.lines.all()

    response = act(django_app, ret, "return_receipt_form", **{f"restock_{line.pk}": 1, f"writeoff_{line.pk}": 1})
    nothing = act(django_app, ret, "return_receipt_form", **{f"restock_{line.pk}": 0, f"writeoff_{line.pk}": 0})

    assert response.status_code == nothing.status_code == 400
    assert "“Damson jam”: 1 came back at most, so restocked plus written off must be between 0 and that." in words(
        response)
    assert "Enter how many units came back (restocked or written off) for at least one line." in words(nothing)
    ret.refresh_from_db()
    assert ret.status == "approved" and products[0].stockrecords.get().num_in_stock == 18


def test_an_order_without_a_card_payment_is_not_refunded_here(django_app, shopper, merchandiser, products, delivered):
    order = delivered((products[0], 1), user=shopper)
    ret = received_return(django_app, shopper, merchandiser, order, 1)
    [line] = ret.lines.all()
    act(django_app, ret, "return_receipt_form", **{f"restock_{line.pk}": 1, f"writeoff_{line.pk}": 0})

    response = act(django_app, ret, "return_refund_form")

    assert response.status_code == 400
    assert (f"Order {order.number} has no settled card payment to refund; refund it another way."
            in words(response))
    assert ReturnRequest.objects.get().status == "received"


def test_when_stripe_cannot_be_reached_the_return_stays_received(django_app, stripe, products, shopper, merchandiser,
                                                                 delivered_card_order, settings):
    order, intent = delivered_card_order(products[0], quantity=1, user=shopper)
    ret = received_return(django_app, shopper, merchandiser, order, 1)
    [line] = ret.lines.all()
    act(django_app, ret, "return_receipt_form", **{f"restock_{line.pk}": 1, f"writeoff_{line.pk}": 0})
    settings.STRIPE_API_BASE = "http://127.0.0.1:9"

    response = act(django_app, ret, "return_refund_form")

    assert response.status_code == 400
    assert "The refund of $6.50 for RMA-000001 failed" in words(response)
    ret.refresh_from_db()
    assert (ret.status, ret.amount_refunded) == ("received", Decimal("0.00"))
    settings.STRIPE_API_BASE = stripe.base
    assert stripe.get("/v1/refunds", payment_intent=intent["id"])["data"] == []
    assert act(django_app, ret, "return_refund_form").status_code == 302  # tried again once Stripe is back
    assert [r["amount"] for r in stripe.get("/v1/refunds", payment_intent=intent["id"])["data"]] == [650]
