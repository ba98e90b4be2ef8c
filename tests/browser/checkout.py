"""Checkout steps as a shopper takes them in the browser (Oscar's pages, the card fields of
Stripe's Payment Element)."""
import re

from playwright.sync_api import expect

CUSTOMER = {"email": "juniper.hale@example.com", "password": "orchard-lantern-42", "first_name": "Juniper",
            "last_name": "Hale", "line1": "12 Orchard Lane", "line4": "Springfield", "state": "IL",
            "postcode": "62701"}


def checkout_as_guest_to_payment(page, email, method="standard"):
    """From the basket to the card step: guest email, a new delivery address, a delivery method."""
    page.goto("/shop/basket/")
    page.get_by_role("link", name=re.compile("Proceed to checkout", re.I)).first.click()
    page.locator("[name=username]").fill(email)
    page.locator("input[name=options][value=anonymous]").check()
    page.locator("[name=username]").press("Enter")
    address_and_delivery(page, method)


def address_and_delivery(page, method="standard"):
    """From the delivery-address step to the card step: a new US address and a delivery method."""
    expect(page).to_have_url(re.compile(r"/shop/checkout/shipping-address/$"))
    form = page.locator("#new_shipping_address")
    for field in ("first_name", "last_name", "line1", "line4", "state", "postcode"):
        form.locator(f"[name={field}]").fill(CUSTOMER[field])
    country = form.locator("select[name=country]")
    if country.count():
        country.select_option(label="United States")
    form.locator("[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/shop/checkout/(shipping-method|payment-details)/$"))
    if page.url.endswith("/shipping-method/"):
        page.locator(f"form:has(input[name=method_code][value={method}])").get_by_role("button").click()
    expect(page).to_have_url(re.compile(r"/shop/checkout/payment-details/$"))


def pay_by_card(page, number, exp_month="12", exp_year="34", cvc="123", postcode="62701"):
    """Fill the card fields the Payment Element mounted, review, and place the order."""
    card = page.locator("#payment-element")
    for placeholder, value in (("number", number), ("exp_month", exp_month), ("exp_year", exp_year),
                               ("cvc", cvc), ("postal_code", postcode)):
        card.get_by_placeholder(placeholder, exact=True).fill(value)
    page.locator("#card_continue").click()
    expect(page).to_have_url(re.compile(r"/shop/checkout/preview/$"))
    page.locator("#place-order").click()
