"""axe-core on the pages shoppers and readers meet: no serious or critical violations.

axe.min.js comes from tests/browser/node_modules (npm, pinned in package-lock.json) and
is injected from disk; the context bypasses our Content Security Policy only so that
injection can run.
"""
import re

import pytest
from playwright.sync_api import expect

from .checkout import checkout_as_guest_to_payment
from .journey import Journey, axe_violations, open_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db]


@pytest.fixture
def audited(chromium, shop):
    page = open_page(chromium, shop, bypass_csp=True)
    yield page
    page.context.close()


def test_shop_and_blog_pages_have_no_serious_accessibility_violations(audited):
    journey = Journey("accessibility", audited)
    page = audited
    found = {}

    def audit(name):
        found[name] = axe_violations(page)

    with journey.step("home page"):
        page.goto("/")
        audit("home")
    with journey.step("category page"):
        page.get_by_role("navigation", name="Main").get_by_role("link", name="Pantry").click()
        expect(page).to_have_url(re.compile(r"/shop/catalogue/category/"))
        audit("category")
    with journey.step("product page"):
        in_stock = page.locator(".product-card").filter(has=page.locator("button[type=submit]")).first
        title = in_stock.locator(".product-card__title").inner_text()
        in_stock.locator(".product-card__title a").click()
        expect(page.get_by_role("heading", level=1)).to_have_text(title)
        audit("product")
    with journey.step("basket page"):
        page.locator("#add_to_basket_form").get_by_role("button").click()
        page.goto("/shop/basket/")
        audit("basket")
    with journey.step("checkout pages"):
        page.get_by_role("link", name=re.compile("Proceed to checkout", re.I)).first.click()
        audit("checkout: sign in or guest")
        checkout_as_guest_to_payment(page, "axe.audit@example.com")
        audit("checkout: payment")
    with journey.step("blog pages"):
        page.goto("/blog/")
        audit("blog index")
        page.get_by_role("link", name="Five ways with sumac").first.click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Five ways with sumac")
        audit("blog post")

    problems = {name: lines for name, lines in found.items() if lines}
    assert not problems, "\n".join(f"{name}:\n  " + "\n  ".join(lines) for name, lines in problems.items())
