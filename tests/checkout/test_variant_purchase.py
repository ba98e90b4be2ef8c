"""A shopper buys one version of a product sold in several, by card, over HTTP.

Given a throw sold in three colours, when a guest chooses Charcoal on the throw's own page,
checks out to Massachusetts and pays at localstripe, then the order's line is the Charcoal
throw, the order page and the confirmation email name the colour, Charcoal's stock is
allocated (what the shop can still sell drops by what was bought) and the other colours'
is untouched; a sold-out colour can't be bought at all.
"""
from decimal import Decimal

import pytest
from oscar.core.loading import get_model

from outbox.models import OutgoingEmail
from tests.checkout.test_tax_and_delivery import charged, to_payment
from tests.factories import make_variant_product

pytestmark = pytest.mark.django_db

Basket = get_model("basket", "Basket")


@pytest.fixture
def throw(category):
    return make_variant_product("Lambswool throw", "colour", [
        ("Charcoal", "120.00", 5), ("Rust", "95.00", 0), ("Oatmeal", "110.00", 8)], category=category)


def choose(app, parent, child, quantity):
    form = app.get(parent.get_absolute_url()).forms["add_to_basket_form"]
    form["child_id"] = str(child.pk)
    form["quantity"] = quantity
    return form.submit().follow()


def available(product):
    record = product.stockrecords.get()
    return record.net_stock_level


def test_a_chosen_colour_is_bought_shown_in_the_order_and_taken_from_its_stock(
        django_app, client, stripe, markets, throw):
    parent, (charcoal, rust, oatmeal) = throw
    choose(django_app, parent, charcoal, 2)

    page = to_payment(django_app, None, "MA", quantity=None)
    order, amount = charged(django_app, client, stripe, page)

    [line] = order.lines.all()
    assert line.product == charcoal and line.quantity == 2
    # 2 × $120.00, over the free-delivery threshold; Massachusetts sales tax: 240.00 × 6.25 % = 15.00
    assert order.shipping_incl_tax == 0 and [s.incl_tax for s in order.surcharges.all()] == [Decimal("15.00")]
    assert order.total_incl_tax == Decimal("255.00") and amount == 25500
    assert (available(charcoal), available(rust), available(oatmeal)) == (3, 0, 8)
    assert "Lambswool throw — Colour: Charcoal" in django_app.get("/shop/checkout/thank-you/").text
    email = OutgoingEmail.objects.get(key=f"order-placed:{order.number}")
    assert "Colour: Charcoal" in email.body_text and "Colour: Charcoal" in email.body_html


def test_a_sold_out_colour_is_refused_on_the_page_and_when_posted(django_app, throw):
    parent, (_charcoal, rust, _oatmeal) = throw
    page = django_app.get(parent.get_absolute_url())
    assert page.html.find("input", {"name": "child_id", "value": str(rust.pk)}).has_attr("disabled")
    form = page.forms["add_to_basket_form"]

    form["child_id"].force_value(str(rust.pk))
    page = form.submit().follow()

    assert "is sold out. Please choose another option." in page.text
    assert not Basket.objects.filter(lines__isnull=False).exists()
    assert available(rust) == 0
