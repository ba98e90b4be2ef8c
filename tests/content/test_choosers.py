"""Editors pick products, categories, offers, vouchers and ranges in /cms/ with a searchable chooser."""
import pytest
from oscar.test import factories

from tests.factories import grid_block, product_block

pytestmark = pytest.mark.django_db


def chooser_html(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.json()["html"] if response["Content-Type"].startswith("application/json") else \
        response.content.decode()


def test_product_chooser_searches_by_title_and_code(editor_client, products):
    listing = chooser_html(editor_client, "/cms/choose/products/")
    assert all(p.title in listing for p in products) and 'name="q"' in listing
    found = chooser_html(editor_client, "/cms/choose/products/results/?q=damson")
    assert "Damson jam" in found and "Seville marmalade" not in found
    products[1].upc = "LL-PRE-001"
    products[1].save()
    by_code = chooser_html(editor_client, "/cms/choose/products/results/?q=ll-pre-001")
    assert "Seville marmalade" in by_code and "Damson jam" not in by_code
    chosen = editor_client.get(f"/cms/choose/products/chosen/{products[0].pk}/").json()
    assert chosen["result"]["id"] == str(products[0].pk) and chosen["result"]["title"] == "Damson jam"


def test_category_offer_voucher_and_range_choosers_search(editor_client, category):
    factories.create_offer(name="Autumn pantry 10%")
    factories.VoucherFactory(name="Welcome back", code="WELCOME5")
    factories.RangeFactory(name="Jam shelf")
    assert "Preserves" in chooser_html(editor_client, "/cms/choose/categories/results/?q=preserv")
    assert "Preserves" not in chooser_html(editor_client, "/cms/choose/categories/results/?q=linen")
    assert "Autumn pantry 10%" in chooser_html(editor_client, "/cms/choose/offers/results/?q=autumn")
    assert "Welcome back" in chooser_html(editor_client, "/cms/choose/vouchers/results/?q=WELCOME5")
    assert "Jam shelf" in chooser_html(editor_client, "/cms/choose/ranges/results/?q=jam")


def test_choosers_are_for_signed_in_editors_only(client, shopper, products):
    assert client.get("/cms/choose/products/").status_code == 302
    client.force_login(shopper)
    assert client.get("/cms/choose/products/").status_code in (302, 403)


def test_editor_opens_a_page_with_shoppable_blocks_in_the_admin(editor_client, post, products, category):
    post.body = [product_block(products[0]), grid_block("Picks", products=products[1:]),
                 {"type": "category_tiles", "value": {"title": "", "categories": [category.pk]}}]
    post.save_revision().publish()
    response = editor_client.get(f"/cms/pages/{post.pk}/edit/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Damson jam" in html and "/cms/choose/products/" in html and "/cms/choose/categories/" in html
    assert editor_client.get(f"/cms/pages/add/content/promotionpage/{post.pk}/").status_code in (302, 403)
