"""A file is checked (a dry run that writes nothing and reports every row), then imported
exactly as planned; importing it again changes nothing, and an export imports unchanged."""
from decimal import Decimal

import pytest
from oscar.core.loading import get_model

from catalogue_files import exporting

from .conftest import by_row, catalogue_state, checked, csv_file, imported, xlsx_file

Product = get_model("catalogue", "Product")
StockRecord = get_model("partner", "StockRecord")

pytestmark = pytest.mark.django_db

ROWS = [
    # a price and stock change on the jam; its weight and categories as they are
    ["JAM-1", "", "Damson jam", "Goods", "Pantry > Preserves", "6.95", "18", "0.34", ""],
    # a new standalone product in two categories
    ["MARM-1", "", "Seville marmalade", "Goods", "Pantry > Preserves; Kitchen > Linen", "7.25", "12", "0.45", ""],
    # a new parent and its two variants
    ["APRON", "", "Linen apron", "Goods", "Kitchen > Linen", "", "", "", ""],
    ["APRON-S", "APRON", "", "", "", "24.00", "3", "0.2", "Sage"],
    ["APRON-C", "APRON", "", "", "", "24.00", "4", "0.2", "Charcoal"],
    # the red towel, unchanged
    ["TOWEL-RED", "TOWEL", "", "", "", "12.00", "5", "", "Red"],
    # refused: a category the shop doesn't have
    ["PICK-1", "", "Piccalilli", "Goods", "Pantry > Pickles", "5.00", "9", "", ""],
]


@pytest.mark.parametrize("make, fmt", [(csv_file, "csv"), (xlsx_file, "xlsx")])
def test_a_dry_run_reports_every_row_and_writes_nothing(shop, make, fmt):
    before = catalogue_state()
    job = checked(make(ROWS), fmt)
    assert job.status == "checked"
    assert catalogue_state() == before
    rows = by_row(job)
    assert rows[2]["outcome"] == "changed"
    assert rows[2]["changes"] == [["price", "6.50", "6.95"], ["stock", "20", "18"]]
    assert [rows[n]["outcome"] for n in range(3, 8)] == ["created", "created", "created", "created", "unchanged"]
    assert rows[8]["outcome"] == "refused"
    assert "Unknown category: “Pantry > Pickles”" in rows[8]["reasons"][0]
    assert (job.created, job.changed, job.unchanged, job.refused, job.total) == (4, 1, 1, 1, 7)


@pytest.mark.parametrize("make, fmt", [(csv_file, "csv"), (xlsx_file, "xlsx")])
def test_the_import_writes_exactly_the_plan_and_again_changes_nothing(shop, make, fmt):
    job = imported(checked(make(ROWS), fmt))
    assert job.status == "applied"
    assert (job.created, job.changed, job.unchanged, job.refused) == (4, 1, 1, 1)

    jam = StockRecord.objects.get(partner_sku="JAM-1")
    assert (jam.price, jam.num_in_stock) == (Decimal("6.95"), 18)
    marmalade = Product.objects.get(upc="MARM-1")
    assert marmalade.title == "Seville marmalade" and marmalade.structure == "standalone"
    assert sorted(c.name for c in marmalade.categories.all()) == ["Linen", "Preserves"]
    assert marmalade.attr.weight == 0.45
    apron = Product.objects.get(upc="APRON")
    assert apron.structure == "parent"
    sage = Product.objects.get(upc="APRON-S")
    assert sage.parent == apron and sage.attr.colour == "Sage"
    assert StockRecord.objects.get(product=sage).price == Decimal("24.00")
    assert not Product.objects.filter(upc="PICK-1").exists()

    before = catalogue_state()
    again = imported(checked(make(ROWS), fmt))
    assert (again.created, again.changed, again.unchanged, again.refused) == (0, 0, 6, 1)
    assert catalogue_state() == before


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("layout", ["full", "stock"])
def test_an_export_imports_unchanged(shop, layout, fmt):
    imported(checked(csv_file(ROWS)))  # a catalogue with parents, variants, attributes and several categories
    Product.objects.filter(upc="MARM-1").update(title="=HYPERLINK(\"x\")")  # a title typed in the dashboard
    content, _mimetype, _name = exporting.export(layout, fmt)
    before = catalogue_state()
    job = imported(checked(content, fmt))
    assert job.status == "applied"
    assert job.total == (8 if layout == "full" else 6)  # every product; stock: all but the two parents
    assert (job.created, job.changed, job.refused) == (0, 0, 0), [r for r in job.rows if r["outcome"] != "unchanged"]
    assert catalogue_state() == before


def test_exports_neutralise_what_a_spreadsheet_would_run(shop):
    Product.objects.filter(upc="JAM-1").update(title="=cmd|' /C calc'!A0")
    content, _m, _n = exporting.export("full", "csv")
    assert "'=cmd|" in content.decode("utf-8-sig")


def test_the_stock_file_changes_stock_and_price_only(shop):
    job = checked(csv_file([["JAM-1", "7", "6.75"], ["TOWEL-RED", "5", ""], ["NOPE", "3", ""], ["TOWEL", "1", ""]],
                           header=["sku", "stock", "price"]))
    assert job.layout == "stock"
    rows = by_row(job)
    assert rows[2]["changes"] == [["price", "6.50", "6.75"], ["stock", "20", "7"]]
    assert rows[3]["outcome"] == "unchanged"
    assert rows[4]["outcome"] == "refused" and "No product has SKU NOPE" in rows[4]["reasons"][0]
    assert rows[5]["outcome"] == "refused" and "parent product" in rows[5]["reasons"][0]
    imported(job)
    jam = StockRecord.objects.get(partner_sku="JAM-1")
    assert (jam.price, jam.num_in_stock) == (Decimal("6.75"), 7)
    assert Product.objects.get(upc="JAM-1").title == "Damson jam"


def test_stock_below_what_orders_hold_is_refused(shop):
    StockRecord.objects.filter(partner_sku="JAM-1").update(num_allocated=8)
    job = imported(checked(csv_file([["JAM-1", "5"], ["TOWEL-RED", "9"]], header=["sku", "stock"])))
    rows = by_row(job)
    assert rows[2]["outcome"] == "refused"
    assert "below the 8 already allocated" in rows[2]["reasons"][0]
    assert StockRecord.objects.get(partner_sku="JAM-1").num_in_stock == 20
    assert StockRecord.objects.get(partner_sku="TOWEL-RED").num_in_stock == 9


def test_an_order_placed_between_the_check_and_the_import_is_not_oversold(shop):
    job = checked(csv_file([["JAM-1", "5"]], header=["sku", "stock"]))
    assert by_row(job)[2]["outcome"] == "changed"
    StockRecord.objects.filter(partner_sku="JAM-1").update(num_allocated=6)
    job = imported(job)
    assert by_row(job)[2]["outcome"] == "refused"
    assert StockRecord.objects.get(partner_sku="JAM-1").num_in_stock == 20


def test_stock_falling_below_its_threshold_raises_oscars_low_stock_alert(shop):
    StockAlert = get_model("partner", "StockAlert")
    StockRecord.objects.filter(partner_sku="JAM-1").update(low_stock_threshold=5)
    imported(checked(csv_file([["JAM-1", "3"], ["TOWEL-RED", "9"]], header=["sku", "stock"])))
    alerts = StockAlert.objects.filter(status="Open")
    assert list(alerts.values_list("stockrecord__partner_sku", flat=True)) == ["JAM-1"]
    imported(checked(csv_file([["JAM-1", "30"]], header=["sku", "stock"])))
    assert not StockAlert.objects.filter(status="Open").exists()


def test_an_existing_product_is_renamed_moved_and_its_weight_cleared(shop):
    job = imported(checked(csv_file([["JAM-1", "", "Damson jam, small batch", "Goods", "Kitchen > Linen", "", "", "",
                                      ""], ["TOWEL-RED", "TOWEL", "Red towel", "", "", "", "", "", "Crimson"]])))
    rows = by_row(job)
    assert rows[2]["changes"] == [["title", "Damson jam", "Damson jam, small batch"],
                                  ["categories", "Pantry > Preserves", "Kitchen > Linen"], ["weight", "0.34", ""]]
    assert rows[3]["changes"] == [["title", "", "Red towel"], ["attr:colour", "Red", "Crimson"]]
    jam = Product.objects.get(upc="JAM-1")
    assert jam.title == "Damson jam, small batch"
    assert [c.name for c in jam.categories.all()] == ["Linen"]
    assert not jam.attribute_values.exists()
    assert StockRecord.objects.get(partner_sku="JAM-1").price == Decimal("6.50")  # empty price: as it was
    assert Product.objects.get(upc="TOWEL-RED").attr.colour == "Crimson"


def test_a_finished_job_keeps_its_report_but_not_its_file(shop):
    job = checked(csv_file([["JAM-1", "4"]], header=["sku", "stock"]))
    assert bytes(job.content)  # kept between the check and the import
    job = imported(job)
    assert bytes(job.content) == b"" and by_row(job)[2]["outcome"] == "changed"
