"""Which live pages feature a product: the index, the product page's "Featured in", the dashboard.

Page and fragment caches on, as in production; changes are made inside `committed()` so
cached pages are forgotten exactly when a real commit would forget them.
"""
import pytest
from django.core.management import call_command

from content.models import BlogPage, FeaturedProduct, StandardPage
from tests.cached import visit
from tests.factories import grid_block, product_block, publish

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("caches_on")]




def featured_in(html):
    """The "Featured in" section of a product page, or "" when it has none."""
    start = html.find('class="product-featured-in"')
    return html[start:html.find("</section>", start)] if start >= 0 else ""


def test_a_product_page_lists_the_story_featuring_it_while_the_story_is_live(blog, products, committed):
    jam = products[0]
    visit(jam.get_absolute_url())
    answer, html = visit(jam.get_absolute_url())
    assert answer == "hit" and featured_in(html) == ""

    with committed():
        post = publish(blog, BlogPage(title="Jam season", slug="jam-season", body=[product_block(jam)]))
    answer, html = visit(jam.get_absolute_url())
    assert answer == "miss"
    assert "Jam season" in featured_in(html) and f'href="{post.url}"' in featured_in(html)
    assert visit(jam.get_absolute_url())[0] == "hit"

    with committed():
        post.unpublish()
    answer, html = visit(jam.get_absolute_url())
    assert answer == "miss" and featured_in(html) == ""


def test_featured_in_lists_at_most_five_newest_first_and_ignores_grids_drawn_from_a_category(
        home, category, products, committed):
    jam = products[0]
    with committed():
        for number in range(6):
            publish(home, StandardPage(title=f"Story {number}", slug=f"story-{number}",
                                       body=[grid_block("Picks", products=[jam])]))
        publish(home, StandardPage(title="Whole category", slug="whole", body=[grid_block("All", category=category,
                                                                                          source="category")]))
    listed = featured_in(visit(jam.get_absolute_url())[1])
    assert [f"Story {n}" in listed for n in range(6)] == [False, True, True, True, True, True]
    assert listed.index("Story 5") < listed.index("Story 1")
    assert "Whole category" not in listed


def test_a_promotion_is_listed_only_while_it_runs(promotions, products, committed):
    import datetime as dt

    from django.utils import timezone

    from content.models import PromotionPage

    jam, now = products[0], timezone.now()
    with committed():
        for title, starts in [("Running now", -1), ("Starts next week", 7)]:
            publish(promotions, PromotionPage(title=title, slug=f"promo-{starts}", banner_text=title,
                                              starts_at=now + dt.timedelta(days=starts),
                                              products=[{"type": "product", "value": jam.pk}]))
    listed = featured_in(visit(jam.get_absolute_url())[1])
    assert "Running now" in listed and "Starts next week" not in listed


def test_deleting_a_page_drops_it_and_the_rebuild_command_records_pages_published_before(
        home, products, committed):
    jam, marmalade = products[0], products[1]
    with committed():
        page = publish(home, StandardPage(title="Breakfast", slug="breakfast",
                                          body=[product_block(jam), grid_block("More", products=[marmalade])]))
    assert set(FeaturedProduct.objects.values_list("page_id", "product_id", "block_type")) == {
        (page.pk, jam.pk, "product"), (page.pk, marmalade.pk, "product_grid")}

    FeaturedProduct.objects.all().delete()  # as before the index existed
    call_command("rebuild_featured_products", stdout=open("/dev/null", "w"))
    assert FeaturedProduct.objects.count() == 2

    visit(jam.get_absolute_url())
    with committed():
        page.delete()
    assert not FeaturedProduct.objects.exists()
    assert featured_in(visit(jam.get_absolute_url())[1]) == ""


def test_the_dashboard_names_the_pages_featuring_a_product_and_asks_before_hiding_or_deleting_it(
        dashboard, home, products, committed):
    jam = products[0]
    with committed():
        page = publish(home, StandardPage(title="Breakfast", slug="breakfast", body=[product_block(jam)]))

    edit = dashboard.get(f"/shop/dashboard/catalogue/products/{jam.pk}/")
    notice = edit.html.select_one(".featured-on")
    assert "Featured on 1 live page" in notice.text
    assert notice.select_one("a")["href"] == f"/cms/pages/{page.pk}/edit/" and "Breakfast" in notice.text

    form = edit.forms["create_update_product_form"]
    form["is_public"] = False
    asked = form.submit()
    assert asked.status_code == 200 and "featured on 1 live page: “Breakfast”" in asked.text
    jam.refresh_from_db()
    assert jam.is_public  # nothing changed without the confirmation

    form = asked.forms["create_update_product_form"]
    form["confirm_hide_featured"] = True
    form.submit().maybe_follow()
    jam.refresh_from_db()
    assert not jam.is_public

    confirm = dashboard.get(f"/shop/dashboard/catalogue/products/{jam.pk}/delete/")
    assert "Breakfast" in confirm.html.select_one(".featured-on").text
    refused = confirm.forms["delete_featured_product_form"].submit().maybe_follow()
    assert "Nothing was deleted" in refused.text
    assert type(jam).objects.filter(pk=jam.pk).exists()

    form = refused.forms["delete_featured_product_form"]
    form["confirm_delete_featured"] = True
    form.submit().maybe_follow()
    assert not type(jam).objects.filter(pk=jam.pk).exists()
    assert not FeaturedProduct.objects.exists()
