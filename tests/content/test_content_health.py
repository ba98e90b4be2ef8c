"""Blocks whose product has gone off sale, and the editors' content health report.

Page and fragment caches on, as in production; changes are made inside `committed()`.
"""
import pytest
from django.test import Client

from content.models import StandardPage
from tests.factories import grid_block, product_block, publish

pytestmark = pytest.mark.django_db
GONE = "no longer on sale"


@pytest.fixture(autouse=True)
def caches_on(settings):
    settings.PAGE_CACHE_SECONDS = 600
    settings.FRAGMENT_CACHE_SECONDS = 600


def visit(url):
    response = Client().get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.get("X-Page-Cache", ""), response.content.decode()


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
