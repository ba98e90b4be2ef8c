"""Checkout around the payment: delivery prices, addresses, billing, guest accounts, bad input.

Each test is a shopper's path through the real pages (django-webtest, CSRF checked).
"""
from decimal import Decimal

import pytest
from django.test import Client
from oscar.core.loading import get_model

from tests.checkout_steps import (
    add_to_basket,
    choose_shipping,
    demo_pay,
    fill_address,
    guest_to_payment_step,
    press_place_order,
)
from tests.factories import make_product

Order = get_model("order", "Order")
UserAddress = get_model("address", "UserAddress")
Country = get_model("address", "Country")

pytestmark = pytest.mark.django_db


def to_shipping_method(app, product, country, quantity):
    add_to_basket(app, product, quantity)
    form = app.get("/shop/checkout/").forms[0]
    form["username"], form["options"] = "guest@example.com", "anonymous"
    form = form.submit().maybe_follow().forms["new_shipping_address"]
    fill_address(form, country)
    return form.submit().maybe_follow()


def test_standard_delivery_is_free_over_the_threshold_and_express_always_costs(django_app, products, country,
                                                                              settings):
    page = to_shipping_method(django_app, products[0], country, quantity=2)  # $13.00
    assert "Standard delivery" in page.text and "$4.95" in page.text and "$12.50" in page.text
    demo_pay(choose_shipping(page, "express"))
    order = Order.objects.get()
    assert (order.shipping_method, order.shipping_incl_tax) == ("Express delivery (next working day)",
                                                                Decimal("12.50"))
    assert order.total_incl_tax == Decimal("25.50")

    bulk = make_product("Bulk oats", "30.00", stock=10)
    django_app.reset()
    page = to_shipping_method(django_app, bulk, country, quantity=2)  # $60.00
    demo_pay(choose_shipping(page, "standard"))
    order = Order.objects.latest("pk")
    assert order.shipping_incl_tax == Decimal("0.00") and order.total_incl_tax == Decimal("60.00")


def test_a_guest_can_create_an_account_that_adopts_the_order(django_app, products, country, password, committed):
    from django.core import mail

    page = demo_pay(guest_to_payment_step(django_app, products[0], country))
    form = page.forms["guest_account_form"]
    assert "guest@example.com" in page.text
    form["password1"] = form["password2"] = password
    mail.outbox.clear()

    with committed():
        page = form.submit().follow()

    [welcome] = [m for m in mail.outbox if m.subject.startswith("Welcome to")]
    assert welcome.to == ["guest@example.com"]  # welcomed like any new account

    order = Order.objects.get()
    assert order.user is not None and order.user.email == "guest@example.com"
    assert page.request.path == f"/shop/accounts/orders/{order.number}/"
    assert order.number in django_app.get("/shop/accounts/orders/").text


def test_an_existing_account_is_not_handed_a_guest_order(django_app, products, country, password):
    from django.contrib.auth import get_user_model

    page = demo_pay(guest_to_payment_step(django_app, products[0], country))
    get_user_model().objects.create_user(email="guest@example.com", password="someone-else-entirely-9")
    form = page.forms["guest_account_form"]
    form["password1"] = form["password2"] = password

    response = form.submit(status=400)

    assert "already exists" in response.text
    assert Order.objects.get().user is None


def test_account_offer_needs_a_guest_order_from_this_browser(django_app, password):
    token = django_app.get("/shop/accounts/login/").forms["login_form"]["csrfmiddlewaretoken"].value
    response = django_app.post("/shop/checkout/create-account/",
                               {"password1": password, "password2": password, "csrfmiddlewaretoken": token},
                               status=400)
    assert "no guest order from this browser" in response.text


def test_a_new_address_is_kept_only_when_the_shopper_asks(django_app, products, country, shopper):
    django_app.set_user(shopper)
    for keep in (False, True):
        add_to_basket(django_app, products[0])
        page = django_app.get("/shop/checkout/").maybe_follow()
        form = page.forms["new_shipping_address"]
        fill_address(form, country, line1=f"{'7' if keep else '9'} Keep Street")
        form["save_to_address_book"] = keep
        page = form.submit().maybe_follow()
        demo_pay(choose_shipping(page, "standard"))
    assert [a.line1 for a in UserAddress.objects.filter(user=shopper)] == ["7 Keep Street"]
    assert Order.objects.count() == 2


@pytest.mark.parametrize("field, value, message", [
    ("line1", "", "This field is required"),
    ("postcode", "ABCDE", "postcode"),
    ("country", "ZZ", "Select a valid choice"),
])
def test_bad_address_input_gets_a_clear_message(django_app, products, country, field, value, message):
    Country.objects.create(iso_3166_1_a2="CA", name="Canada", printable_name="Canada", is_shipping_country=True)
    add_to_basket(django_app, products[0])
    form = django_app.get("/shop/checkout/").forms[0]
    form["username"], form["options"] = "guest@example.com", "anonymous"
    form = form.submit().maybe_follow().forms["new_shipping_address"]
    fill_address(form, country)
    params = dict(form.submit_fields())
    params[field] = value

    response = django_app.post(form.action, params=params, status=400)

    assert message.lower() in response.text.lower()
    assert not Order.objects.exists()


def test_checkout_with_an_empty_basket_says_so(django_app):
    page = django_app.get("/shop/checkout/preview/").maybe_follow()
    assert "You need to add some items to your cart to checkout" in page.text


def test_placing_an_already_placed_order_again_shows_that_order(django_app, products, country):
    page = guest_to_payment_step(django_app, products[0], country)
    preview = page.click(href="/shop/checkout/preview/")
    demo_pay(page)

    again = press_place_order(django_app, preview)

    order = Order.objects.get()
    assert again.status_code == 200 and again.request.path == "/shop/checkout/thank-you/"
    assert "This order was already placed; you were not charged again." in again.text and order.number in again.text


def test_someone_elses_basket_number_in_the_place_order_form_shows_nothing(django_app, products, country):
    page = guest_to_payment_step(django_app, products[0], country)
    demo_pay(page)
    order = Order.objects.get()
    stranger = Client()

    response = stranger.post("/shop/checkout/preview/", {"action": "place_order", "basket_id": order.basket_id})

    assert response.status_code == 302 and "thank-you" not in response.url
    page = stranger.get(response.url, follow=True).content.decode()
    assert order.number not in page and "already placed" not in page


def test_card_step_refuses_raw_card_numbers_and_keeps_the_shopper_on_it(django_app, stripe, products, country):
    page = guest_to_payment_step(django_app, products[0], country)
    form = page.forms["card_payment_form"]
    form["payment_method_id"].force_value("4242424242424242")

    response = form.submit(status=400)

    assert "could not be read" in response.text
    assert not Order.objects.exists()


def test_billing_address_can_differ_from_delivery(django_app, stripe, products, country):
    page = guest_to_payment_step(django_app, products[0], country)
    form = page.forms["card_payment_form"]
    form["payment_method_id"].force_value(stripe.card())
    form["billing_same_as_shipping"] = False
    for name, value in {"first_name": "Ada", "last_name": "Lovelace", "line1": "1 Ledger Row", "line4": "Boston",
                        "state": "MA", "postcode": "02108"}.items():
        form[f"billing-{name}"] = value
    if "billing-country" in form.fields:
        form["billing-country"] = country.pk

    press_place_order(django_app, form.submit())

    order = Order.objects.get()
    assert order.billing_address.line1 == "1 Ledger Row" and order.shipping_address.line1 == "12 Orchard Lane"
