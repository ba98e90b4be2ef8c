"""A shopper buys one version of a product sold in several, and sees the tax on it, in a real browser.

Given the demo store (a candle in three scents, one sold out; Illinois sales tax), when a
guest opens the candle, finds the sold-out scent can't be chosen, picks another, and buys
it by card through localstripe to an Illinois address, then the basket names the scent,
the checkout's review names it and shows the sales tax line before the order is placed, and the
confirmation shows it again.
"""
import re

import pytest
from oscar.core.loading import get_model
from playwright.sync_api import expect

from .checkout import checkout_as_guest_to_payment

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

Product = get_model("catalogue", "Product")
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
        checkout_as_guest_to_payment(page, "rowan.vale@example.com")
        card = page.locator("#card-element")
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
