"""The demo store's pages sell: every page type carries shoppable blocks that render live products."""
from io import StringIO

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from oscar.core.loading import get_model
from wagtail.models import Page, Site

from content.models import BlogPage, HomePage, PromotionPage, SiteFooter, StandardPage

pytestmark = pytest.mark.django_db

SHOPPABLE = {"product", "product_grid", "category_tiles", "promotion_banner", "recipe"}
StockRecord = get_model("partner", "StockRecord")


@pytest.fixture(scope="module")
def demo_store(django_db_setup, django_db_blocker, tmp_path_factory):
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=str(tmp_path_factory.mktemp("media"))):
        with transaction.atomic():
            call_command("load_demo_store", stdout=StringIO(), verbosity=0)
            yield
            transaction.set_rollback(True)
        Site.clear_site_root_paths_cache()
        cache.clear()


def test_every_page_type_with_a_body_uses_shoppable_blocks(demo_store):
    for model in [HomePage, StandardPage, BlogPage, PromotionPage]:
        for page in model.objects.all():
            kinds = {block.block_type for block in page.body}
            if model is StandardPage and page.slug == "delivery":
                continue  # delivery terms stay plain copy
            assert kinds & SHOPPABLE, f"{page.title} sells nothing"
    posts = BlogPage.objects.all()
    assert all(post.tags.exists() for post in posts)


def test_demo_pages_show_live_prices_and_the_running_offer(demo_store, client, committed):
    post = BlogPage.objects.get(slug="a-morning-at-the-marmalade-kitchen")
    marmalade = StockRecord.objects.get(partner_sku="LL-PRE-001")
    html = client.get(post.url).content.decode()
    assert "Seville Orange Marmalade" in html and f"${marmalade.price}" in html
    marmalade.price = "9.95"
    with committed():
        marmalade.save()
    assert "$9.95" in client.get(post.url).content.decode()

    promotion = PromotionPage.objects.get()
    assert promotion.offer.start_datetime == promotion.starts_at
    assert promotion.offer.end_datetime == promotion.ends_at and promotion.offer.is_available()
    html = client.get(promotion.url).content.decode()
    assert "Arbequina Extra Virgin Olive Oil" in html and "Spices and seasonings" in html
    assert "10% off oils and spices" in client.get("/").content.decode()
    assert "Autumn restock" in client.get("/blog/five-ways-with-sumac/").content.decode()  # its banner block


def test_the_demo_journal_has_a_recipe_that_sells_its_ingredients_and_names_the_running_offer(demo_store, client):
    html = client.get("/blog/tomato-salad-with-sumac/").content.decode()
    assert "Tomato salad with sumac" in html and "Add everything to basket" in html
    for title in ("Arbequina Extra Virgin Olive Oil", "Cabernet Sauvignon Vinegar", "Sumac", "Aleppo Pepper Flakes",
                  "Flaky Sea Salt"):
        assert title in html
    assert "Autumn pantry restock: 10% off oils and spices" in html  # the promotion's offer, while it runs


def test_demo_footer_has_contact_details_and_links(demo_store, client):
    footer = SiteFooter.for_site(Site.objects.get(is_default_site=True))
    assert footer.email and len(footer.links) == 5
    html = client.get("/").content.decode()
    assert "hello@larderandloom.example" in html and 'href="/delivery/">Delivery &amp; returns</a>' in html
    assert Page.objects.live().count() >= 10
