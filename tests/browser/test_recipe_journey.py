"""An editor publishes a shoppable recipe, and a shopper buys every ingredient with one button.

Given the running shop (the demo's Smoked Sweet Paprika is sold out), when an editor adds
a recipe block to a journal post in /cms/, picks its ingredients (the paprika with Black
Pepper as its alternative) and the autumn promotion's offer, and publishes, then the live
post shows the recipe and the offer, and "Add everything to basket" puts the oil and the
pepper in the shopper's basket, says the paprika was swapped, and the offer's discount
applies in the basket; once the shopper has paid, the post's edit view in /cms/ shows
what it sold in the last 30 days.
"""
import re

import pytest
from playwright.sync_api import expect

from commerce.demo.accounts import EDITOR
from commerce.demo.pages_data import AUTUMN_OFFER
from content.models import BlogIndexPage, BlogPage

from .checkout import checkout_as_guest_to_payment, pay_by_card
from .journey import open_page, sign_in
from .test_editor_journey import add_block, choose_product

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

TITLE = "Sesame greens, on the table in ten minutes"
OIL, SOLD_OUT, ALTERNATIVE = "Toasted Sesame Oil", "Smoked Sweet Paprika", "Tellicherry Black Pepper"


def choose_offer(page, region, name):
    region.get_by_role("button", name="Choose an offer").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("Search term").fill(name.split(":")[0])
    dialog.get_by_role("link", name=name, exact=True).click()
    expect(dialog).to_be_hidden()


def test_editor_publishes_a_recipe_and_a_shopper_adds_everything(journey, chromium, shop):
    page = journey.page
    blog = BlogIndexPage.objects.get()

    with journey.step("signs in to the CMS"):
        sign_in(page, "/cms/", EDITOR, "Sign in")

    with journey.step("starts a post and adds a shoppable recipe"):
        page.goto(f"/cms/pages/{blog.pk}/add_subpage/")
        page.locator("#id_title").fill(TITLE)
        add_block(page, "Shoppable recipe")
        recipe = page.get_by_role("region", name=re.compile(r"^Shoppable recipe"))
        recipe.get_by_role("textbox", name="Title").first.fill("Sesame greens")
        recipe.locator("[contenteditable=true]").first.click()
        page.keyboard.type("Wilt the greens in a hot pan, then dress them with the oil and spice.")

    with journey.step("picks the ingredients, with an alternative for one"):
        first = recipe.get_by_role("region", name=re.compile(r"^Ingredient")).first
        choose_product(page, first.get_by_role("button", name="Choose a product").first, OIL)
        first.get_by_role("spinbutton", name="Quantity").fill("2")
        recipe.get_by_role("button", name="Add", exact=True).last.click()
        second = recipe.get_by_role("region", name=re.compile(r"^Ingredient")).last
        choose_product(page, second.get_by_role("button", name="Choose a product").first, SOLD_OUT)
        choose_product(page, second.get_by_role("button", name="Choose a product").last, ALTERNATIVE)
        expect(second).to_contain_text(SOLD_OUT)
        expect(second).to_contain_text(ALTERNATIVE)
        choose_offer(page, recipe, AUTUMN_OFFER)

    with journey.step("publishes"):
        page.wait_for_load_state("networkidle")  # let a draft autosave in flight finish first
        page.get_by_role("button", name="More actions").click()
        page.get_by_role("button", name="Publish").click()
        expect(page.locator(".messages")).to_contain_text("published")
        post = BlogPage.objects.get(title=TITLE)
        assert post.live

    shopper = open_page(chromium, shop)
    try:
        with journey.step("a shopper reads the recipe and its offer", page=shopper):
            shopper.goto(post.url)
            block = shopper.locator(".block-recipe")
            expect(block).to_contain_text("Sesame greens")
            expect(block).to_contain_text(f"we add {ALTERNATIVE} instead")
            expect(block).to_contain_text(AUTUMN_OFFER)

        with journey.step("adds everything to the basket", page=shopper):
            block.get_by_role("button", name=re.compile(r"^Add everything to basket")).click()
            expect(shopper).to_have_url(re.compile(re.escape(post.url) + r"#recipe-"))
            expect(shopper.locator(".alert").filter(has_text="so we added")).to_contain_text(
                f"{SOLD_OUT} is sold out, so we added {ALTERNATIVE} instead")
            expect(shopper.locator(".site-basket__count")).to_have_text(re.compile(r"^3\b"))

        with journey.step("finds both in the basket, with the offer's discount", page=shopper):
            shopper.goto("/shop/basket/")
            lines = shopper.locator("#basket_formset")
            expect(lines).to_contain_text(OIL)
            expect(lines).to_contain_text(ALTERNATIVE)
            expect(lines).not_to_contain_text(SOLD_OUT)
            expect(shopper.locator("main")).to_contain_text(AUTUMN_OFFER)

        with journey.step("pays for the recipe by card", page=shopper):
            checkout_as_guest_to_payment(shopper, "cook@example.com")
            pay_by_card(shopper, "4242424242424242")
            expect(shopper).to_have_url(re.compile(r"/shop/checkout/thank-you/$"))

        with journey.step("editor sees what the post sold, back in /cms/"):
            page.goto(f"/cms/pages/{post.pk}/edit/")
            page.locator("header button:has(svg use[href='#icon-dots-horizontal'])").first.click()  # the page's "…"
            sold = page.get_by_role("link", name=re.compile(r"Sold in the last 30 days: 3 items, \$[\d.]+ net"))
            expect(sold).to_be_visible()
    finally:
        shopper.context.close()
