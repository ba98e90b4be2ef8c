"""A merchandiser adds a product, a customer buys it, and the merchandiser ships the order.

Given the running shop, when a merchandiser signs in to /shop/dashboard/ and creates a
product with a picture, a category, a price and stock, then site search finds it within
seconds (the worker indexes it after commit); when a customer has bought it and paid,
and the merchandiser marks the order Shipped with a UPS tracking number, then the
customer's order page shows Shipped with the tracking link, and the shipped email goes out.
"""
import io
import re
import time

import pytest
from oscar.core.loading import get_model
from PIL import Image
from playwright.sync_api import expect

from commerce.demo.accounts import MERCHANDISER
from tests import services

from .checkout import CUSTOMER, checkout_as_guest_to_payment, pay_by_card
from .journey import open_page, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

Category = get_model("catalogue", "Category")
Partner = get_model("partner", "Partner")
TITLE, PRICE, STOCK = "La Mancha Saffron Threads, 1 g", "14.50", "12"
SEARCH_WITHIN_SECONDS = 10
TRACKING = "1Z999AA10123456784"
BUYER = "saffron.buyer@example.com"


def picture():
    data = io.BytesIO()
    Image.new("RGB", (640, 640), (196, 80, 28)).save(data, format="PNG")
    return {"name": "saffron.png", "mimeType": "image/png", "buffer": data.getvalue()}


def test_merchandiser_adds_a_product_and_ships_its_order(journey, chromium, shop):
    page = journey.page
    spices = Category.objects.get(name="Spices & Seasonings")

    with journey.step("signs in to the dashboard"):
        sign_in(page, "/shop/dashboard/", MERCHANDISER, "Login")

    with journey.step("creates a product with a picture, category, price and stock"):
        page.goto("/shop/dashboard/catalogue/")
        page.get_by_role("button", name="New Product").click()
        page.locator("#id_title").fill(TITLE)
        page.locator("#id_upc").fill("LL-SPI-901")
        page.get_by_role("link", name="Categories").click()
        page.locator("select[name$='-0-category']").select_option(str(spices.pk), force=True)
        page.get_by_role("link", name="Images").click()
        page.locator("input[type=file][name$='-0-original']").set_input_files(picture())
        page.get_by_role("link", name="Stock and pricing").click()
        page.locator("select[name='stockrecords-0-partner']").select_option(str(Partner.objects.first().pk), force=True)
        page.locator("[name='stockrecords-0-partner_sku']").fill("LL-SPI-901")
        page.locator("[name='stockrecords-0-price']").fill(PRICE)
        page.locator("[name='stockrecords-0-num_in_stock']").fill(STOCK)
        page.get_by_role("button", name="Save", exact=True).click()
        expect(page.locator(".alert-success")).to_contain_text(TITLE)
        saved = time.monotonic()

    with journey.step(f"finds it in site search within {SEARCH_WITHIN_SECONDS} seconds"):
        def found():
            page.goto("/search/?q=saffron")
            return page.get_by_role("link", name=TITLE).count() > 0
        services.wait_for(found, timeout=SEARCH_WITHIN_SECONDS, interval=0.5)
        print(f"site search found the new product {time.monotonic() - saved:.1f}s after saving")
        page.get_by_role("link", name=TITLE).first.click()
        expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
        expect(page.locator("main")).to_contain_text(f"${PRICE}")
        product_url = page.url

    customer = open_page(chromium, shop)
    try:
        with journey.step("a customer buys it by card and keeps an account", page=customer):
            customer.goto(product_url)
            image = customer.locator("main img").first
            expect(image).to_be_visible()
            assert customer.evaluate("img => img.complete && img.naturalWidth > 0", image.element_handle())
            customer.locator("#add_to_basket_form").get_by_role("button").click()
            checkout_as_guest_to_payment(customer, BUYER)
            pay_by_card(customer, "4242424242424242")
            expect(customer.locator("#payment-state")).to_have_attribute("data-payment-state", "paid",
                                                                         timeout=30_000)
            number = re.search(r"order (\d+)", customer.get_by_role("heading", level=1).inner_text()).group(1)
            offer = customer.locator("#guest_account_form")
            offer.get_by_label("Password", exact=True).fill(CUSTOMER["password"])
            offer.get_by_label("Confirm password").fill(CUSTOMER["password"])
            offer.get_by_role("button", name="Create my account").click()
            expect(customer).to_have_url(re.compile(rf"/shop/accounts/orders/{number}/$"))

        with journey.step("marks the order Shipped with a tracking number"):
            page.goto("/shop/dashboard/orders/")
            page.get_by_role("link", name=number, exact=True).first.click()
            form = page.locator("#order_status_form")
            form.locator("[name=new_status]").select_option("Shipped", force=True)
            form.locator("[name=carrier]").select_option("ups", force=True)
            form.locator("[name=tracking_number]").fill(TRACKING)
            form.get_by_role("button", name="Change status").click()
            expect(page.locator("#order-tracking")).to_contain_text(TRACKING)

        with journey.step("the customer's order page shows it shipped with the tracking link", page=customer):
            customer.reload()
            tracking = customer.locator("#order-tracking")
            expect(tracking).to_contain_text("Shipped")
            expect(tracking).to_contain_text(TRACKING)
            expect(tracking.get_by_role("link", name="Track your parcel")).to_have_attribute(
                "href", re.compile(rf"ups\.com/.*{TRACKING}"))
            shipped = services.wait_for(lambda: next(
                (m for m in shop.mail.received if m["To"] == BUYER and "shipped" in m["Subject"].lower()), None))
            assert TRACKING in shipped.get_body(preferencelist=("plain",)).get_content()
    finally:
        customer.context.close()
