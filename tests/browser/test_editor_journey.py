"""An editor publishes a blog post that sells, and a reader buys from it.

Given the running shop, when an editor signs in to /cms/, writes a post with a product
block and a hand-picked product grid chosen through the product chooser, and publishes
it, then the live post shows those products with today's prices, and its add-to-basket
button puts the product in the reader's basket and brings them back to the post.
"""
import re

import pytest
from oscar.core.loading import get_model
from playwright.sync_api import expect

from commerce.demo.accounts import EDITOR
from content.models import BlogIndexPage, BlogPage

from .journey import open_page, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

Product = get_model("catalogue", "Product")
FEATURED = "Koroneiki Olive Oil, 500 ml"
GRID = ["Lemon Curd", "Seville Orange Marmalade"]
TITLE = "Autumn oils, tasted side by side"


def price_of(title):
    return f"${Product.objects.get(title=title).stockrecords.get().price:.2f}"


def choose_product(page, button, title):
    """Open the product chooser from `button`, search for the product and pick it."""
    button.click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("Search term").fill(title.split(",")[0])
    dialog.get_by_role("link", name=title, exact=True).click()
    expect(dialog).to_be_hidden()


def add_block(page, kind):
    page.get_by_role("button", name="Insert a block").last.click()
    page.get_by_role("option", name=kind, exact=True).click()


def test_editor_publishes_a_post_that_sells(journey, chromium, shop):
    page = journey.page
    blog = BlogIndexPage.objects.get()

    with journey.step("signs in to the CMS"):
        sign_in(page, "/cms/", EDITOR, "Sign in")

    with journey.step("starts a blog post in the Journal"):
        page.goto(f"/cms/pages/{blog.pk}/add_subpage/")
        expect(page.get_by_role("heading", level=1)).to_contain_text("Blog page")
        page.locator("#id_title").fill(TITLE)
        page.locator("#id_intro").fill("Two new-season oils, and what to eat them with.")

    with journey.step("adds a product block chosen with the product chooser"):
        add_block(page, "Product")
        choose_product(page, page.get_by_role("button", name="Choose a product").first, FEATURED)
        expect(page.locator("[data-chooser-title]", has_text=FEATURED).first).to_be_visible()

    with journey.step("adds a product grid of hand-picked products"):
        add_block(page, "Product grid")
        grid = page.get_by_role("region", name=re.compile(r"^Product grid"))
        grid.get_by_role("textbox", name="Title").fill("To go with it")
        for n, title in enumerate(GRID):
            if n:  # the list starts with one empty choice; "Add" makes the next
                grid.get_by_role("button", name="Add", exact=True).last.click()
            choose_product(page, grid.get_by_role("button", name="Choose a product").last, title)
        for title in GRID:
            expect(grid).to_contain_text(title)

    with journey.step("publishes"):
        page.wait_for_load_state("networkidle")  # let a draft autosave in flight finish first
        page.get_by_role("button", name="More actions").click()
        page.get_by_role("button", name="Publish").click()
        expect(page.locator(".messages")).to_contain_text("published")
        assert BlogPage.objects.get(title=TITLE).live

    with journey.step("sees the post live with today's prices"):
        page.goto("/blog/")
        page.get_by_role("link", name=TITLE).first.click()
        expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
        main = page.locator("main")
        for title in [FEATURED, *GRID]:
            card = main.locator(".product-card").filter(has_text=title).first
            expect(card).to_contain_text(price_of(title))
        post_url = page.url

    reader = open_page(chromium, shop)
    try:
        with journey.step("a reader adds the post's product to the basket from the post", page=reader):
            reader.goto(post_url)
            block = reader.locator(".block-product").filter(has_text=FEATURED)
            block.get_by_role("button", name=f": {FEATURED}").click()  # "Add to cart: <product>" for screen readers
            expect(reader).to_have_url(post_url)
            expect(reader.locator(".site-basket__count")).to_have_text(re.compile(r"^1\b"))
            reader.locator(".site-basket").click()
            expect(reader.locator("#basket_formset")).to_contain_text(FEATURED)
    finally:
        reader.context.close()
