"""A customer saves a card on one order and pays the next with it, in a real browser.

Given a newly registered customer, when they pay by card through the Payment Element and
tick "Save this card for next time", then their next checkout offers the card; choosing it
hides the card fields, and the order is placed and charged at localstripe to their Stripe
Customer with the saved PaymentMethod, without typing the card again.
"""
import re

import pytest
from oscar.core.loading import get_model
from playwright.sync_api import expect

from .checkout import CUSTOMER, address_and_delivery

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

Product = get_model("catalogue", "Product")
Order = get_model("order", "Order")
EMAIL = "wren.saved-card@example.com"


def to_payment(page, product):
    page.goto(product.get_absolute_url())
    page.locator("#add_to_basket_form").get_by_role("button", name=re.compile("Add to (basket|cart)", re.I)).click()
    page.goto("/shop/checkout/")
    address_and_delivery(page)


def test_a_customer_saves_a_card_and_pays_with_it_next_time(journey, shop):
    page = journey.page
    product = Product.objects.filter(title="Flaky Sea Salt").get()

    with journey.step("registers"):
        page.goto("/shop/accounts/login/")
        form = page.locator("#register_form")
        form.locator("[name=registration-email]").fill(EMAIL)
        form.locator("[name=registration-password1]").fill(CUSTOMER["password"])
        form.locator("[name=registration-password2]").fill(CUSTOMER["password"])
        form.locator("[type=submit]").click()
        expect(page).not_to_have_url(re.compile(r"/login/"))

    with journey.step("pays by card and ticks to save it"):
        to_payment(page, product)
        card = page.locator("#payment-element")
        for placeholder, value in (("number", "4242424242424242"), ("exp_month", "12"), ("exp_year", "34"),
                                   ("cvc", "123"), ("postal_code", "62701")):
            card.get_by_placeholder(placeholder, exact=True).fill(value)
        page.get_by_label("Save this card for next time").check()
        page.locator("#card_continue").click()
        expect(page).to_have_url(re.compile(r"/shop/checkout/preview/$"))
        page.locator("#place-order").click()
        expect(page).to_have_url(re.compile(r"/shop/checkout/thank-you/$"))

    with journey.step("next time chooses the saved card: no card fields, the order is placed"):
        to_payment(page, product)
        expect(page.locator("#payment-element")).to_be_visible()
        page.get_by_label(re.compile(r"ending 4242")).check()
        expect(page.locator("#payment-element")).to_be_hidden()
        page.locator("#card_continue").click()
        expect(page).to_have_url(re.compile(r"/shop/checkout/preview/$"))
        expect(page.get_by_text(re.compile(r"your saved card: Visa ending 4242"))).to_be_visible()
        page.locator("#place-order").click()
        expect(page).to_have_url(re.compile(r"/shop/checkout/thank-you/$"))

    with journey.step("both orders were charged to the customer's Stripe Customer, with the same card"):
        first, second = Order.objects.filter(user__email=EMAIL).order_by("pk")
        [one] = shop.stripe.intents_for(first.number)
        [two] = shop.stripe.intents_for(second.number)
        assert one["customer"] and two["customer"] == one["customer"]
        assert two["payment_method"] == one["payment_method"]
        assert two["amount"] == round(second.total_incl_tax * 100)
