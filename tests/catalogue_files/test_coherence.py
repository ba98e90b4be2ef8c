"""After an import, shoppers see the new prices at once and the search index is told:
the cached pages of the products written (and the listings holding them) are forgotten,
other pages kept, and one batched index update is sent for the products written."""
import pytest
from oscar.core.loading import get_model

from tests.cached import visit

from .conftest import checked, csv_file, imported

Product = get_model("catalogue", "Product")
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("caches_on")]


def test_a_stock_file_forgets_the_pages_it_changes_and_keeps_the_others(shop, committed):
    jam, towel = shop["jam"], shop["towel"]
    for url in (jam.get_absolute_url(), towel.get_absolute_url()):
        visit(url)
        assert visit(url)[0] == "hit"

    job = checked(csv_file([["JAM-1", "", "7.95"]], header=["sku", "stock", "price"]))
    with committed():
        imported(job)

    answer, html = visit(jam.get_absolute_url())
    assert answer == "miss" and "7.95" in html
    assert visit(towel.get_absolute_url())[0] == "hit"


def test_an_import_sends_one_index_update_for_the_products_it_wrote(shop, committed, settings, monkeypatch):
    from search import tasks

    settings.SEARCH_ENGINE = "opensearch"  # only a remote engine needs telling; the worker is not run here
    sent = []
    monkeypatch.setattr(tasks.update_products, "delay", lambda ids: sent.append(ids))
    job = checked(csv_file([["JAM-1", "", "Damson jam", "Goods", "Pantry > Preserves", "6.50", "20", "0.34", ""],
                            ["NEW-1", "", "Quince paste", "Goods", "Pantry > Preserves", "9.00", "4", "", ""]]))
    with committed():
        imported(job)

    quince = Product.objects.get(upc="NEW-1")
    assert sent == [[quince.pk]]  # the unchanged jam is not re-indexed
