"""Blocks whose product has gone off sale, and the editors' content health report.

Page and fragment caches on, as in production; changes are made inside `committed()`.
"""
import pytest

from content.models import StandardPage
from tests.cached import visit
from tests.factories import grid_block, product_block, publish

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("caches_on")]
GONE = "no longer on sale"




@pytest.fixture
def breakfast(home, products, committed):
    jam, marmalade, quince = products
    with committed():
        return publish(home, StandardPage(title="Breakfast", slug="breakfast", body=[
            product_block(jam, note="Spread thick"), grid_block("More jars", products=[marmalade, quince])]))


def test_a_block_whose_product_is_hidden_deleted_or_unpriced_collapses_for_shoppers(
        breakfast, products, committed):
    jam, marmalade, quince = products
    answer, html = visit(breakfast.url)
    assert "Damson jam" in html and "Seville marmalade" in html and "Spread thick" in html
    assert visit(breakfast.url)[0] == "hit"

    with committed():
        jam.is_public = False
        jam.save()
        record = marmalade.stockrecords.get()
        record.price = None  # no price: it can't be sold
        record.save()
    answer, html = visit(breakfast.url)
    assert answer == "miss"
    assert "Damson jam" not in html and "Spread thick" not in html and 'class="block-product"' not in html
    assert "Seville marmalade" not in html and "Quince paste" in html and html.count('class="product-card"') == 1
    assert GONE not in html

    with committed():
        quince.delete()
    answer, html = visit(breakfast.url)
    assert "Quince paste" not in html
    assert 'class="block-product-grid"' not in html and 'class="product-card"' not in html


def test_an_editor_previewing_the_page_sees_a_placeholder_for_each_product_off_sale(
        breakfast, products, editor_client, committed):
    jam = products[0]
    with committed():
        jam.is_public = False
        jam.save()
    preview = editor_client.get(f"/cms/pages/{breakfast.pk}/view_draft/").content.decode()
    assert "This product is no longer on sale: choose another." in preview
    assert "Seville marmalade" in preview and "Damson jam" not in preview


def test_the_report_lists_a_page_whose_product_was_hidden_and_emails_only_editors_who_opted_in(
        breakfast, products, editor, editor_client, password, committed):
    from commerce.accounts.roles import make_editor
    from content.models import ContentHealthSubscription
    from content.tasks import email_content_health
    from outbox.models import OutgoingEmail
    from tests.factories import make_user

    jam, marmalade, quince = products
    report = editor_client.get("/cms/reports/content-health/").content.decode()
    assert "Every live page shows products on sale" in report

    with committed():
        jam.is_public = False
        jam.save()
    report = editor_client.get("/cms/reports/content-health/")
    assert report.status_code == 200
    row = next(tr for tr in report.content.decode().split("<tr>") if "Damson jam" in tr)
    assert f'/cms/pages/{breakfast.pk}/edit/' in row and "Breakfast" in row and "Hidden" in row
    assert "Seville marmalade" in row and "Quince paste" in row  # in stock, same category
    assert "Content health report" in editor_client.get("/cms/account/").content.decode()  # the opt-in

    ContentHealthSubscription.objects.create(user=editor, daily=True)
    make_editor(make_user("quiet@example.com", password))  # an editor who did not opt in
    with committed():
        assert email_content_health.delay().get() == 1
        email_content_health.delay()  # a beat retry the same day
    sent = OutgoingEmail.objects.filter(kind="content-health")
    assert [email.to for email in sent] == ["editor@example.com"]
    assert "Breakfast: Damson jam (hidden)" in sent.get().body_text


def test_the_report_lists_a_promotion_that_ended_and_a_product_sold_out(home, promotions, products, editor_client):
    import datetime as dt

    from django.utils import timezone

    from content.models import PromotionPage

    jam = products[0]
    jam.stockrecords.update(num_in_stock=0)
    publish(promotions, PromotionPage(title="Spring jars", slug="spring", banner_text="Spring",
                                      starts_at=timezone.now() - dt.timedelta(days=10),
                                      ends_at=timezone.now() - dt.timedelta(days=1),
                                      products=[{"type": "product", "value": jam.pk}]))
    report = editor_client.get("/cms/reports/content-health/").content.decode()
    rows = [tr for tr in report.split("<tr>") if "Spring jars" in tr]
    assert any("Promotion ended" in row for row in rows)
    assert any("Damson jam" in row and "Sold out" in row for row in rows)


def replacements_in(report, what):
    """The "Replace with" names of the report's row for `what`."""
    from bs4 import BeautifulSoup

    for row in BeautifulSoup(report, "html.parser").select("table.content-health tbody tr"):
        cells = row.find_all("td")
        if cells[1].get_text(strip=True) == what:
            return [link.get_text(strip=True) for link in cells[3].find_all("a")]
    raise AssertionError(f"no row for {what}")


@pytest.fixture
def hampers(products):
    """Jars in another category: one much like the damson jam, one like it but sold out, one unlike it."""
    from oscar.apps.catalogue.categories import create_from_breadcrumbs

    from tests.factories import make_product

    gifts = create_from_breadcrumbs("Gifts > Hampers")
    return [make_product("Damson and sloe jam", "8.00", category=gifts),
            make_product("Strawberry jam", "5.00", stock=0, category=gifts),
            make_product("Wool blanket", "60.00", category=gifts)]


def test_replacements_are_similar_products_found_by_search_in_any_category(
        breakfast, products, hampers, editor_client, committed):
    jam = products[0]
    with committed():
        jam.is_public = False
        jam.save()
    offered = replacements_in(editor_client.get("/cms/reports/content-health/").content.decode(), "Damson jam")
    assert offered[0] == "Damson and sloe jam"  # the most words in common, from another category
    assert "Strawberry jam" not in offered and "Wool blanket" not in offered  # sold out; nothing alike
    assert "Damson jam" not in offered and len(offered) == 3


def test_with_the_search_engine_down_the_report_still_offers_replacements(
        settings, breakfast, products, hampers, editor_client, committed):
    settings.SEARCH_ENGINE, settings.SEARCH_URL = "opensearch", "http://127.0.0.1:9"  # nothing listens there
    jam = products[0]
    with committed():
        jam.is_public = False
        jam.save()
    report = editor_client.get("/cms/reports/content-health/")
    assert report.status_code == 200
    offered = replacements_in(report.content.decode(), "Damson jam")
    assert offered[0] == "Damson and sloe jam" and "Strawberry jam" not in offered
