"""A new shopper's whole visit in a real browser, from the home page to the confirmation email.

Given the running shop, when a visitor follows the home page's promotion, searches with
a typo through the autocomplete dropdown, narrows the results by a facet, buys two of an
oil as a guest with a card through localstripe's Stripe.js and keeps an account, then the
order shows as paid in their history and the confirmation email reaches the SMTP server.
"""
import re

import pytest
from playwright.sync_api import expect

from outbox.models import OutgoingEmail
from tests import services

from .checkout import CUSTOMER, checkout_as_guest_to_payment, pay_by_card

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

OIL, OIL_PRICE = "Koroneiki Olive Oil, 500 ml", "22.00"


def test_new_shopper_finds_buys_and_is_told(journey, shop):
    page = journey.page
    email = CUSTOMER["email"]

    with journey.step("opens the home page"):
        page.goto("/")
        expect(page.get_by_role("heading", level=1)).to_have_text("Good things for the kitchen and the home")

    with journey.step("follows the promotion banner"):
        page.get_by_role("link", name="See the offer").click()
        expect(page).to_have_url(re.compile(r"/promotions/autumn-pantry-restock/$"))
        expect(page.get_by_role("heading", level=1)).to_contain_text("Autumn pantry restock")

    with journey.step("types a misspelt word and sees corrected suggestions"):
        box = page.get_by_role("combobox", name="Search the shop")
        box.press_sequentially("oliev", delay=40)
        suggestions = page.get_by_role("listbox", name="Suggestions")
        expect(suggestions).to_be_visible()
        expect(suggestions.get_by_role("option", name=re.compile("Koroneiki Olive Oil"))).to_be_visible()
        expect(box).to_have_attribute("aria-expanded", "true")

    with journey.step("searches for the misspelt word"):
        box.press("Enter")
        expect(page).to_have_url(re.compile(r"/search/\?q=oliev"))
        expect(page.get_by_role("link", name=OIL).first).to_be_visible()
        expect(page.get_by_role("link", name="Olive Wood Spoon Set").first).to_be_visible()

    with journey.step("narrows the results to oils with the category facet"):
        page.locator("a[data-facet=category]", has_text="Oils & Vinegars").click()
        expect(page.locator("a[data-facet=category][aria-current=true]")).to_contain_text("Oils & Vinegars")
        expect(page.get_by_role("link", name="Olive Wood Spoon Set")).to_have_count(0)

    with journey.step("opens the product page"):
        page.get_by_role("link", name=OIL).first.click()
        expect(page.get_by_role("heading", level=1)).to_have_text(OIL)
        expect(page.locator("main")).to_contain_text(f"${OIL_PRICE}")

    with journey.step("adds it to the basket"):
        page.locator("#add_to_basket_form").get_by_role("button").click()
        expect(page.locator(".site-basket__count")).to_have_text(re.compile(r"^1\b"))

    with journey.step("changes the quantity to two in the basket"):
        page.locator(".site-basket").click()
        expect(page).to_have_url(re.compile(r"/shop/basket/$"))
        quantity = page.locator("input[name$='-quantity']")
        quantity.fill("2")
        page.locator("#basket_formset").get_by_role("button", name=re.compile("Update", re.I)).first.click()
        expect(page.locator("input[name$='-quantity']")).to_have_value("2")
        expect(page.locator(".site-basket__count")).to_have_text(re.compile(r"^2\b"))
        expect(page.locator("#basket_totals, .basket-totals").first).to_contain_text("$44.00")

    with journey.step("checks out as a guest with an address and standard delivery"):
        checkout_as_guest_to_payment(page, email)

    with journey.step("pays by card through Stripe.js and places the order"):
        pay_by_card(page, "4242424242424242")
        expect(page).to_have_url(re.compile(r"/shop/checkout/thank-you/$"))

    with journey.step("sees the payment confirmed on the confirmation page"):
        state = page.locator("#payment-state")
        expect(state).to_have_attribute("data-payment-state", "paid", timeout=30_000)
        number = re.search(r"order (\d+)", page.get_by_role("heading", level=1).inner_text()).group(1)
        expect(page.locator(".tax-line").first).to_contain_text("Sales tax (Illinois, 6.25%)")
        expect(page.locator(".tax-line").first).to_contain_text("$2.48")

    with journey.step("keeps an account and finds the order paid in the history"):
        offer = page.locator("#guest_account_form")
        offer.get_by_label("Password", exact=True).fill(CUSTOMER["password"])
        offer.get_by_label("Confirm password").fill(CUSTOMER["password"])
        offer.get_by_role("button", name="Create my account").click()
        page.get_by_role("link", name="Orders").first.click()
        row = page.get_by_role("row").filter(has_text=number)
        expect(row).to_contain_text("Processing")
        # 2 × $22.00, 10% promotion off ($39.60), $4.95 standard delivery, Illinois 6.25 % on the goods ($2.48)
        expect(row).to_contain_text("$47.03")

    with journey.step("receives the confirmation email"):
        message = services.wait_for(lambda: next((m for m in shop.mail.received if m["To"] == email), None))
        text = message.get_body(preferencelist=("plain",)).get_content()
        assert number in message["Subject"] + text
        assert OIL in text
        sent = OutgoingEmail.objects.filter(to=email, status="sent")
        assert services.wait_for(lambda: sent.filter(subject=message["Subject"]).count()) == 1  # once, and logged
