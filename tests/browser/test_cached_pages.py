"""A page from the page cache works in a real browser: the visitor's own basket shows in
the header (filled in from /visitor/) and the page's forms carry the visitor's own CSRF
token (swapped in by the server), so adding to the basket from a page rendered for
somebody else succeeds.
"""
import re

import pytest
from playwright.sync_api import expect

from .journey import open_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db]
ADD = re.compile("Add to (basket|cart)")  # the shop speaks en-US: "cart"


def test_a_cached_category_page_lets_a_new_visitor_add_to_their_own_basket(chromium, shop):
    first, second = open_page(chromium, shop), open_page(chromium, shop)
    try:
        answers = []

        def note(response):
            if "/category/" in response.url:
                answers.append(response.headers.get("x-page-cache"))

        first.on("response", note)
        second.on("response", note)

        first.goto("/")
        first.get_by_role("navigation", name="Main").get_by_role("link", name="Pantry").click()
        expect(first).to_have_url(re.compile(r"/shop/catalogue/category/"))
        category_url = first.url

        # The first visitor fills their basket; that never changes what the second is served.
        first.locator(".product-card").filter(has=first.locator("button[type=submit]")).first \
            .get_by_role("button", name=ADD).click()
        expect(first.locator(".site-basket__count")).to_contain_text("1")

        second.goto(category_url)
        assert answers[-1] == "hit", answers
        expect(second.locator("html")).to_have_attribute("data-visitor", "ready")
        expect(second.locator(".site-basket__count")).to_contain_text("0")

        card = second.locator(".product-card").filter(has=second.locator("button[type=submit]")).nth(1)
        title = card.locator(".product-card__title").inner_text()
        card.get_by_role("button", name=ADD).click()
        added = re.compile(f"{re.escape(title)} has been added to your (basket|cart)")
        expect(second.get_by_text(added)).to_be_visible()
        expect(second.locator(".site-basket__count")).to_contain_text("1")

        second.goto(category_url)  # a hit again, with this visitor's basket filled in
        assert answers[-1] == "hit", answers
        expect(second.locator("html")).to_have_attribute("data-visitor", "ready")
        expect(second.locator(".site-basket__count")).to_contain_text("1")
        expect(second.locator(".site-basket__total")).to_contain_text(re.compile(r"\d+\.\d\d"))
    finally:
        first.context.close()
        second.context.close()
