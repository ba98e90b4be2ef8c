"""A shopper's whole visit through HTTP, as a browser without JavaScript would do it.

Given a small catalogue, when a new shopper registers, browses, fills and edits a
basket and checks out with a saved address, then the order is in their history as
Pending with the prices they were shown.
"""
from decimal import Decimal

import pytest
from oscar.core.loading import get_model

from tests.checkout_steps import add_to_basket, demo_pay, fill_address, guest_to_payment_step
from tests.factories import make_product

Order = get_model("order", "Order")
UserAddress = get_model("address", "UserAddress")

pytestmark = pytest.mark.django_db


def basket_quantities(app):
    page = app.get("/shop/basket/")
    form = page.forms["basket_formset"]
    total = int(form["form-TOTAL_FORMS"].value)
    return page, form, {form[f"form-{i}-id"].value: form[f"form-{i}-quantity"].value for i in range(total)}


def test_shopper_registers_browses_edits_basket_and_checks_out(django_app, products, category, country, password):
    jam, marmalade, quince = products

    # registers
    page = django_app.get("/shop/accounts/login/")
    form = page.forms["register_form"]
    form["registration-email"] = "grace@example.com"
    form["registration-password1"] = password
    form["registration-password2"] = password
    page = form.submit("registration_submit").follow()
    assert "grace@example.com" in page.text or page.request.path.startswith("/shop/accounts/")

    # browses a category and opens a product
    page = django_app.get(category.get_absolute_url())
    assert jam.title in page.text and quince.title in page.text
    page = page.click(jam.title, index=0)
    assert page.request.path == jam.get_absolute_url()
    assert "$6.50" in page.text

    # adds two products, changes a quantity, removes one
    add_to_basket(django_app, jam)
    add_to_basket(django_app, marmalade)
    page, form, _ = basket_quantities(django_app)
    assert jam.title in page.text and marmalade.title in page.text
    form[f"form-{0}-quantity"] = 3
    form.submit().follow()
    page, form, quantities = basket_quantities(django_app)
    assert sorted(quantities.values()) == ["1", "3"]
    one_jar = next(i for i in range(2) if form[f"form-{i}-quantity"].value == "1")
    form[f"form-{one_jar}-quantity"] = 0
    form.submit().follow()
    page, form, quantities = basket_quantities(django_app)
    assert list(quantities.values()) == ["3"]

    # saves an address in the address book, then checks out with it
    page = django_app.get("/shop/accounts/addresses/add/")
    form = page.forms["new_address_form"] if "new_address_form" in page.forms else page.forms[1]
    fill_address(form, country)
    form.submit().follow()
    address = UserAddress.objects.get(user__email="grace@example.com")

    page = django_app.get("/shop/checkout/").maybe_follow()
    assert page.request.path == "/shop/checkout/shipping-address/"
    page = page.forms[f"select_shipping_address_{address.id}"].submit().maybe_follow()
    if page.request.path == "/shop/checkout/shipping-method/":
        page = page.forms[0].submit().maybe_follow()
    assert page.request.path == "/shop/checkout/payment-details/"
    assert "Demo payment" in page.text
    page = demo_pay(page)

    # sees the confirmation
    assert page.request.path == "/shop/checkout/thank-you/"
    order = Order.objects.get(user__email="grace@example.com")
    assert order.number in page.text
    assert order.status == "Pending"
    line = order.lines.get()
    assert line.quantity == 3
    assert line.unit_price_incl_tax == Decimal("6.50") or line.unit_price_incl_tax == Decimal("7.25")
    assert order.total_incl_tax == line.line_price_incl_tax + order.shipping_incl_tax
    assert order.shipping_address.line1 == "12 Orchard Lane"

    # finds the order in the order history, Pending
    page = django_app.get("/shop/accounts/orders/")
    assert order.number in page.text and "Pending" in page.text
    page = django_app.get(f"/shop/accounts/orders/{order.number}/")
    assert "Pending" in page.text


def test_guest_checks_out_with_an_email(django_app, products, country):
    page = guest_to_payment_step(django_app, products[0], country, quantity=2)
    assert "Demo payment" in page.text
    page = demo_pay(page)
    assert page.request.path == "/shop/checkout/thank-you/"
    order = Order.objects.get()
    assert order.user is None
    assert order.guest_email == "guest@example.com"
    assert order.status == "Pending"
    assert order.lines.get().quantity == 2
    assert order.total_incl_tax == Decimal("13.00") + order.shipping_incl_tax


def test_checkout_refuses_to_place_orders_without_a_payment_method(django_app, settings, products, country):
    settings.DEMO_PAYMENTS = False
    page = guest_to_payment_step(django_app, products[0], country)
    assert "not configured" in page.text
    page = django_app.get("/shop/checkout/preview/")
    page = page.forms["place_order_form"].submit().maybe_follow()
    assert "not configured" in page.text
    assert Order.objects.count() == 0


def test_out_of_stock_product_cannot_be_added(django_app, category):
    sold_out = make_product("Sold-out saffron", "12.00", stock=0, category=category)
    page = django_app.get(sold_out.get_absolute_url())
    assert "add_to_basket_form" not in page.forms
    response = django_app.post(f"/shop/basket/add/{sold_out.pk}/", {"quantity": 1}, xhr=False, expect_errors=True,
                               headers={"Referer": sold_out.get_absolute_url()})
    assert response.status_code in (302, 403)
