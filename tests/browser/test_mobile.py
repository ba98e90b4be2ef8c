"""The shopper's key pages at a phone's width: nothing wider than the screen, menu and basket usable.

"Overflows" is measured as the browser sees it: document.scrollingElement.scrollWidth
against window.innerWidth on a 390 × 844 touch viewport.
"""
import re

import pytest
from playwright.sync_api import expect

from .checkout import checkout_as_guest_to_payment
from .journey import Journey, horizontal_overflow, open_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


@pytest.fixture
def phone(chromium, shop):
    page = open_page(chromium, shop, **PHONE)
    yield page
    page.context.close()


def fits(page):
    assert horizontal_overflow(page) <= 0, f"{page.url} is {horizontal_overflow(page)}px wider than the screen"


def test_shopper_pages_fit_a_phone_and_the_menu_and_basket_work(phone):
    journey = Journey("mobile", phone)
    page = phone
    menu = page.get_by_role("navigation", name="Main")
    toggle = page.get_by_role("button", name="Menu")

    with journey.step("home page fits, menu starts closed"):
        page.goto("/")
        fits(page)
        expect(menu).to_be_hidden()

    with journey.step("opens the menu and goes to a category"):
        toggle.tap()
        expect(toggle).to_have_attribute("aria-expanded", "true")
        expect(menu).to_be_visible()
        menu.get_by_role("link", name="Pantry").tap()
        expect(page).to_have_url(re.compile(r"/shop/catalogue/category/"))
        fits(page)

    with journey.step("the category's filters wait behind a Filters button, so products come first"):
        filters = page.get_by_text("Filters", exact=True)
        expect(filters).to_be_visible()
        expect(page.locator(".listing__filters .facet").first).to_be_hidden()
        expect(page.locator(".product-card").first).to_be_in_viewport()
        filters.tap()
        expect(page.locator(".listing__filters .facet").first).to_be_visible()
        fits(page)

    with journey.step("promotion page fits"):
        page.goto("/promotions/autumn-pantry-restock/")
        fits(page)

    with journey.step("search results fit"):
        page.goto("/search/?q=oliev")
        expect(page.get_by_role("heading", level=1)).to_contain_text("oliev")
        fits(page)

    with journey.step("product page fits and adds to the basket"):
        in_stock = page.locator(".product-card").filter(has=page.locator("button[type=submit]")).first
        title = in_stock.locator(".product-card__title").inner_text()
        in_stock.locator(".product-card__title a").tap()
        expect(page.get_by_role("heading", level=1)).to_have_text(title)
        fits(page)
        page.locator("#add_to_basket_form").get_by_role("button").tap()
        expect(page.locator(".site-basket__count")).to_have_text(re.compile(r"^1\b"))

    with journey.step("basket opens from the header and fits"):
        page.locator(".site-basket").tap()
        expect(page).to_have_url(re.compile(r"/shop/basket/$"))
        expect(page.locator("input[name$='-quantity']")).to_have_value("1")
        fits(page)

    with journey.step("checkout pages fit"):
        checkout_as_guest_to_payment(page, "phone.shopper@example.com")
        expect(page.locator("#payment-element input").first).to_be_visible()
        fits(page)
