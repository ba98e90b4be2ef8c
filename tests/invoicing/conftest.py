"""Orders that are paid as a shopper pays them, and their PDFs read back as text (pypdf)."""
from oscar.core.loading import get_model

from tests.checkout_steps import (
    add_to_basket,
    choose_shipping,
    demo_pay,
    fill_address,
    paid_at_localstripe,
)

Order = get_model("order", "Order")
Country = get_model("address", "Country")

BOSTON = {"state": "Massachusetts", "line4": "Boston", "postcode": "02108"}


def to_payment(app, product, quantity=2, email="guest@example.com"):
    """A basket delivered to Boston by standard delivery; the payment step (a guest unless signed in)."""
    add_to_basket(app, product, quantity)
    page = app.get("/shop/checkout/").maybe_follow()
    if "new_shipping_address" not in page.forms:
        form = page.forms[0]
        form["username"], form["options"] = email, "anonymous"
        page = form.submit().maybe_follow()
    form = page.forms["new_shipping_address"]
    fill_address(form, Country.objects.get(pk="US"), **BOSTON)
    page = form.submit().maybe_follow()
    if page.request.path == "/shop/checkout/shipping-method/":
        page = choose_shipping(page, "standard")
    assert page.request.path == "/shop/checkout/payment-details/", page.request.path
    return page


def pay_by_card(app, client, stripe, page):
    """Pay at localstripe and deliver its signed webhook: the moment the order is paid."""
    return paid_at_localstripe(app, client, stripe, page)[0]


def pay_by_demo(app, product, quantity=1, email="guest@example.com"):
    demo_pay(to_payment(app, product, quantity, email=email))
    return Order.objects.latest("pk")
