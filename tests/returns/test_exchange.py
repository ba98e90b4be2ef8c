"""Exchanges: a returned variant swapped for another variant of the same product (localstripe).

Given a delivered card order of a Small linen apron (Illinois, 6.25% on goods), when the
shopper asks to exchange it for another size and the merchandiser approves and books
the parcel in, a replacement order for the chosen size goes out and the difference is
settled: charged to the shopper's saved card for a dearer size, refunded for a cheaper
one. A product that isn't a size of the same apron, or a size that is sold out, is refused.
"""
from decimal import Decimal

import pytest
from django.core import mail
from oscar.core.loading import get_model

from commerce.payments.saved_cards import save_card
from commerce.returns.models import ReturnRequest
from tests.checkout_steps import deliver
from tests.factories import make_variant_product

from .conftest import words
from .test_journey import act

pytestmark = pytest.mark.django_db

Order = get_model("order", "Order")


@pytest.fixture
def aprons(category):
    """Small $20.00 (10 in stock), Large $24.00 (5), Mini $15.00 (5), XL $26.00 (sold out)."""
    _, sizes = make_variant_product("Linen apron", "size", [("Small", "20.00", 10), ("Large", "24.00", 5),
                                                            ("Mini", "15.00", 5), ("XL", "26.00", 0)],
                                    category=category)
    return dict(zip(("small", "large", "mini", "xl"), sizes, strict=True))


def ask_exchange(app, order, product, expect_errors=False):
    form = app.get(f"/shop/accounts/orders/{order.number}/return/").forms["return_request_form"]
    [line] = order.lines.all()
    form[f"qty_{line.pk}"] = 1
    form[f"exchange_{line.pk}"].force_value(str(product.pk))
    form["reason"] = "changed_mind"
    return form.submit(expect_errors=expect_errors)


def approve_and_receive(app, merchandiser, ret):
    app.set_user(merchandiser)
    assert act(app, ret, "return_decision_form", decision="approve", note="Fine").status_code == 302
    receipt = app.get(f"/shop/dashboard/returns/{ret.number}/").forms["return_receipt_form"]
    [line] = ret.lines.all()
    receipt[f"restock_{line.pk}"], receipt[f"writeoff_{line.pk}"] = 1, 0
    assert receipt.submit().status_code == 302
    ret.refresh_from_db()
    return ret


def exchanged(app, shopper, merchandiser, order, product, committed):
    """The shopper asks to exchange the order's one unit for `product`, and the merchandiser approves
    and books it in; the outbox starts empty, so it holds what the exchange sent. Returns the return."""
    app.set_user(shopper)
    mail.outbox.clear()
    with committed():
        ask_exchange(app, order, product)
        return approve_and_receive(app, merchandiser, ReturnRequest.objects.get())


def test_a_dearer_size_is_sent_and_the_difference_charged_to_the_saved_card(
        django_app, client, stripe, shopper, merchandiser, illinois_tax, delivered_card_order, aprons, committed):
    small, large = aprons["small"], aprons["large"]
    order, _ = delivered_card_order(small, user=shopper)  # $20.00 + $1.25 tax
    card = save_card(shopper, stripe.card())
    django_app.set_user(shopper)
    page = django_app.get(f"/shop/accounts/orders/{order.number}/return/")
    assert "Exchange for Linen apron (Size: Large)" in words(page)
    mail.outbox.clear()
    with committed():
        ask_exchange(django_app, order, large)
        ret = approve_and_receive(django_app, merchandiser, ReturnRequest.objects.get())

    replacement = ret.replacement
    assert replacement.number == f"{order.number}-X{ret.number}" and replacement.user == shopper
    assert [(line.product, line.quantity) for line in replacement.lines.all()] == [(large, 1)]
    assert replacement.shipping_address.line1 == order.shipping_address.line1
    # $24.00 - $20.00 = $4.00 before tax, plus its 6.25% share of the order's tax: $0.25
    assert ret.exchange_owed == Decimal("4.25")
    [intent] = stripe.intents_for(replacement.number)
    assert (intent["amount"], intent["customer"], intent["payment_method"]) == (
        425, card.stripe_customer_id, card.payment_method_id)
    assert replacement.status == "Pending"  # until Stripe's webhook says the money is in
    body, signature = stripe.wait_for("payment_intent.succeeded", intent["id"])
    with committed():
        assert deliver(client, body, signature).status_code == 200
    replacement.refresh_from_db()
    assert replacement.status == "Processing"

    small_stock, large_stock = small.stockrecords.get(), large.stockrecords.get()
    assert small_stock.num_in_stock == 10  # the returned Small is back on the shelf
    assert (large_stock.num_in_stock, large_stock.num_allocated) == (5, 1)  # the Large is held for the parcel

    detail = django_app.get(f"/shop/dashboard/returns/{ret.number}/")
    assert "return_refund_form" not in detail.forms  # nothing to refund: the shopper paid the difference
    assert f"the replacement is order {replacement.number}; the customer owes $4.25 for it" in words(detail)
    timeline = words(django_app.get(f"/shop/dashboard/orders/{order.number}/"))
    assert f"Exchange sent as order {replacement.number}; $4.25 charged to the saved card" in timeline
    [sent] = [m for m in mail.outbox if "exchange" in m.subject]
    assert sent.subject == f"Return {ret.rma}: your exchange is on its way as order {replacement.number}"
    assert "$4.25 was charged to your saved card" in sent.body and sent.to == [shopper.email]


def test_a_dearer_size_without_a_saved_card_waits_for_payment(
        django_app, stripe, shopper, merchandiser, illinois_tax, delivered_card_order, aprons, committed):
    order, _ = delivered_card_order(aprons["small"], user=shopper)
    ret = exchanged(django_app, shopper, merchandiser, order, aprons["large"], committed)
    assert (ret.replacement.status, ret.exchange_owed) == ("Pending", Decimal("4.25"))
    assert stripe.intents_for(ret.replacement.number) == []
    [sent] = [m for m in mail.outbox if "exchange" in m.subject]
    assert "$4.25 is awaiting payment" in sent.body


def test_a_cheaper_size_is_sent_and_the_difference_refunded(
        django_app, stripe, shopper, merchandiser, illinois_tax, delivered_card_order, aprons, committed):
    small, mini = aprons["small"], aprons["mini"]
    order, intent = delivered_card_order(small, user=shopper)
    django_app.set_user(shopper)
    with committed():
        ask_exchange(django_app, order, mini)
        ret = approve_and_receive(django_app, merchandiser, ReturnRequest.objects.get())
        detail = django_app.get(f"/shop/dashboard/returns/{ret.number}/")
        # $20.00 - $15.00 = $5.00, plus its share of the tax: 6.25% of $5.00 = $0.3125, half up $0.31
        assert "Refund $5.31 to the card" in words(detail)
        assert detail.forms["return_refund_form"].submit().status_code == 302
    ret.refresh_from_db()
    assert (ret.status, ret.amount_refunded, ret.exchange_owed) == ("refunded", Decimal("5.31"), Decimal("0.00"))
    assert [r["amount"] for r in stripe.get("/v1/refunds", payment_intent=intent["id"])["data"]] == [531]
    assert ret.replacement.status == "Processing"
    assert [(line.product, line.quantity) for line in ret.replacement.lines.all()] == [(mini, 1)]
    assert mini.stockrecords.get().num_allocated == 1


def test_only_an_in_stock_size_of_the_same_product_can_be_chosen(
        django_app, stripe, shopper, merchandiser, illinois_tax, delivered_card_order, aprons, products):
    order, _ = delivered_card_order(aprons["small"], user=shopper)
    django_app.set_user(shopper)
    other = ask_exchange(django_app, order, products[0], expect_errors=True)
    assert other.status_code == 400
    assert "“Linen apron” can only be exchanged for another variant of the same product." in words(other)
    sold_out = ask_exchange(django_app, order, aprons["xl"], expect_errors=True)
    assert sold_out.status_code == 400
    assert "“Linen apron (Size: XL)” is not in stock for 1" in words(sold_out)
    assert not ReturnRequest.objects.exists()
