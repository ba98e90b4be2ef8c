"""Delivered orders to return: paid by card on localstripe, or placed straight into the books."""
from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from oscar.core.loading import get_model

from commerce.order.workflow import change_status
from tests.checkout_steps import paid_order
from tests.factories import place_order

Order = get_model("order", "Order")
TaxRate = get_model("tax", "TaxRate")


def words(response):
    return " ".join(BeautifulSoup(response.content, "html.parser").get_text().split())


def deliver_order(order, by):
    """Move a Pending (placed) or Processing (paid) order on to Delivered, as the dashboard does."""
    for status in ("Processing", "Shipped", "Delivered"):
        order, _ = change_status(order, status, by=by, carrier="ups", tracking_number="1Z999AA10123456784")
    return order


@pytest.fixture
def illinois_tax(country):
    """6.25% on goods only: the address tests/checkout_steps fills in is in Illinois."""
    return TaxRate.objects.create(country=country, region="IL", name="Sales tax", rate=Decimal("6.25"),
                                  applies_to_shipping=False)


@pytest.fixture
def delivered_card_order(django_app, client, stripe, country, merchandiser):
    """A card order paid through the webhook and delivered; with `user` it becomes that shopper's."""
    def make(product, quantity=1, user=None):
        order, intent = paid_order(django_app, client, stripe, product, country, quantity=quantity)
        if user is not None:
            Order.objects.filter(pk=order.pk).update(user=user, guest_email="")
            order.refresh_from_db()
        return deliver_order(order, merchandiser), intent
    return make


@pytest.fixture
def delivered(merchandiser):
    """An order placed straight through Oscar's order creator (no payment), then delivered."""
    def make(*lines, **kwargs):
        return deliver_order(place_order(*lines, **kwargs), merchandiser)
    return make


def ask(app, order, items, *, guest=False, expect_errors=False, reason="changed_mind", note=""):
    """Fill in the return form as a shopper does: `items` is {line title: units}."""
    url = f"/shop/track/{order.number}/return/" if guest else f"/shop/accounts/orders/{order.number}/return/"
    form = app.get(url).forms["return_request_form"]
    for line in order.lines.all():
        form[f"qty_{line.pk}"] = items.get(line.title, 0)
    form["reason"] = reason
    form["note"] = note
    return form.submit(expect_errors=expect_errors)
