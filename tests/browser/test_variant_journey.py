"""A shopper buys one version of a product sold in several, and sees the tax on it, in a real browser.

Given the demo store (a candle in three scents, one sold out; Illinois sales tax), when a
guest opens the candle, finds the sold-out scent can't be chosen, picks another, and buys
it by card through localstripe to an Illinois address, then the basket names the scent,
the checkout's review names it and shows the sales tax line before the order is placed, and the
confirmation shows it again; Stripe's Payment Element was given exactly the total charged.
"""
import re

import pytest
from oscar.core.loading import get_model
from playwright.sync_api import expect

from commerce.payments.stripe_gateway import to_minor

from .checkout import checkout_as_guest_to_payment

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

Product = get_model("catalogue", "Product")
Order = get_model("order", "Order")
EMAIL = "rowan.vale@example.com"
CANDLE, SCENT, SOLD_OUT = "LL-CAN-101", "Orange & Clove", "Sea Salt & Sage"
TAX_LINE = "Sales tax (Illinois, 6.25%)"


def test_a_guest_chooses_a_scent_buys_it_and_sees_the_sales_tax(journey, shop):
    page = journey.page

    with journey.step("opens a candle sold in scents and finds the sold-out one can't be chosen"):
        page.goto(Product.objects.get(upc=CANDLE).get_absolute_url())
        expect(page.get_by_label(re.compile(SOLD_OUT))).to_be_disabled()

    with journey.step("chooses a scent and adds it to the basket"):
        page.get_by_label(re.compile(SCENT)).check()
        page.locator("#add_to_basket_form").get_by_role("button", name=re.compile("Add to (basket|cart)", re.I)).click()
        expect(page.locator(".site-basket__count")).to_have_text(re.compile(r"^1\b"))

    with journey.step("sees the scent in the basket"):
        page.goto("/shop/basket/")
        expect(page.locator("#basket_formset")).to_contain_text(SCENT)

    with journey.step("checks out to Illinois; the review names the scent and shows the sales tax before the order"):
        checkout_as_guest_to_payment(page, EMAIL)
        card = page.locator("#payment-element")
        expect(card.locator("input").first).to_be_visible()
        options = page.evaluate("window.localstripeElementsOptions")  # what the page gave Stripe.js
        for placeholder, value in (("number", "4242424242424242"), ("exp_month", "12"), ("exp_year", "34"),
                                   ("cvc", "123"), ("postal_code", "62701")):
            card.get_by_placeholder(placeholder, exact=True).fill(value)
        page.locator("#card_continue").click()
        expect(page).to_have_url(re.compile(r"/shop/checkout/preview/$"))
        expect(page.locator(".basket-items .line-attributes")).to_contain_text(SCENT)
        expect(page.locator(".tax-line").first).to_contain_text(TAX_LINE)

    with journey.step("places the order and the confirmation shows the tax line"):
        page.locator("#place-order").click()
        expect(page).to_have_url(re.compile(r"/shop/checkout/thank-you/$"))
        expect(page.locator(".tax-line").first).to_contain_text(TAX_LINE)

    with journey.step("was charged, through Stripe's Payment Element, exactly the order's total"):
        # Deferred-intent mode: the element was given the total before any PaymentIntent existed.
        order = Order.objects.get(guest_email=EMAIL)
        [intent] = shop.stripe.intents_for(order.number)
        assert options == {"mode": "payment", "amount": to_minor(order.total_incl_tax), "currency": "usd",
                           "paymentMethodCreation": "manual", "paymentMethodTypes": ["card"]}
        assert intent["amount"] == options["amount"] and intent["payment_method"].startswith("pm_")
