"""Files that can't be trusted are refused with a clear message, whole or row by row (with
the row number), and nothing of the catalogue is written."""
import io
import zipfile

import pytest
from openpyxl import Workbook

from .conftest import by_row, catalogue_state, checked, csv_file, imported, xlsx_file

pytestmark = pytest.mark.django_db

STOCK = ["sku", "stock", "price"]


def test_a_file_that_is_not_utf8_is_refused_with_its_line(shop):
    content = "sku,stock\nJAM-1,5\nCAFÉ-1,3\n".encode("latin-1")
    job = checked(content)
    assert job.status == "failed"
    assert "not UTF-8" in job.error and "line 3" in job.error
    assert job.rows == []


def test_csv_formula_cells_refuse_their_row(shop):
    before = catalogue_state()
    job = imported(checked(csv_file([["JAM-1", "=1+1", ""], ["TOWEL-RED", "4", "@SUM(A1)"], ["TOWEL-BLUE", "6", ""]],
                                    header=STOCK)))
    rows = by_row(job)
    assert rows[2]["outcome"] == "refused" and "Column stock holds a formula" in rows[2]["reasons"][0]
    assert rows[3]["outcome"] == "refused" and "Column price holds a formula" in rows[3]["reasons"][0]
    assert rows[4]["outcome"] == "changed"
    assert catalogue_state()[1] != before[1]  # only the blue towel's stock moved
    assert ("TOWEL-BLUE", 6) in [(sku, stock) for sku, _price, stock in catalogue_state()[1]]


def test_xlsx_formula_cells_refuse_their_row(shop):
    job = checked(xlsx_file([["JAM-1", "=2*3", None], ["TOWEL-RED", 4, 12]], header=STOCK), "xlsx")
    rows = by_row(job)
    assert rows[2]["outcome"] == "refused" and "formula" in rows[2]["reasons"][0]
    assert rows[3]["outcome"] == "changed"


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(shop, settings):
    settings.CATALOGUE_IMPORT_MAX_BYTES = 100
    job = checked(csv_file([["JAM-1", "5", ""]] * 20, header=STOCK))
    assert job.status == "failed" and "the limit is 100" in job.error


def test_too_many_rows_are_refused(shop, settings):
    settings.CATALOGUE_IMPORT_MAX_ROWS = 3
    job = checked(csv_file([[f"X{n}", "1", ""] for n in range(4)], header=STOCK))
    assert job.status == "failed" and "more than 3 rows" in job.error


def test_duplicate_skus_are_refused_on_every_row_they_are_on(shop):
    job = checked(csv_file([["JAM-1", "5", ""], ["TOWEL-RED", "3", ""], ["JAM-1", "6", ""]], header=STOCK))
    rows = by_row(job)
    for number in (2, 4):
        assert rows[number]["outcome"] == "refused"
        assert "SKU JAM-1 is on rows 2, 4" in rows[number]["reasons"][0]
    assert rows[3]["outcome"] == "changed"


@pytest.mark.parametrize("cells, reason", [
    (["NEW-1", "", "Pickle", "Goods", "Pantry > Pickles", "5.00", "3", "", ""], "Unknown category: “Pantry > Pickles”"),
    (["NEW-1", "", "Pickle", "Gadgets", "", "5.00", "3", "", ""], "Unknown product type “Gadgets”"),
    (["NEW-1", "", "Pickle", "Goods", "", "abc", "3", "", ""], "The price “abc” is not a number"),
    (["NEW-1", "", "Pickle", "Goods", "", "-1.00", "3", "", ""], "The price -1.00 is negative"),
    (["NEW-1", "", "Pickle", "Goods", "", "1.005", "3", "", ""], "more than two decimal places"),
    (["NEW-1", "", "Pickle", "Goods", "", "NaN", "3", "", ""], "is not a number"),
    (["NEW-1", "", "Pickle", "Goods", "", "5.00", "2.5", "", ""], "not a whole number"),
    (["NEW-1", "", "", "Goods", "", "5.00", "2", "", ""], "The title is empty"),
    (["NEW-1", "NOPARENT", "", "", "", "5.00", "2", "", ""], "No product has the parent SKU NOPARENT"),
    (["NEW-1", "JAM-1", "", "", "", "5.00", "2", "", ""], "JAM-1 is not a parent product"),
    (["NEW-1", "", "Pickle", "Goods", "", "5.00", "2", "heavy", ""], "is not a number"),
    (["TOWEL", "", "Tea towel", "Goods", "Kitchen > Linen", "9.00", "", "", ""], "A parent product has no price"),
])
def test_bad_rows_are_refused_with_their_reason(shop, cells, reason):
    before = catalogue_state()
    job = imported(checked(csv_file([cells])))
    row = by_row(job)[2]
    assert row["outcome"] == "refused"
    assert reason in " ".join(row["reasons"])
    assert catalogue_state() == before


def test_unknown_columns_refuse_the_file(shop):
    job = checked(csv_file([["JAM-1", "5"]], header=["sku", "quantity"]))
    assert job.status == "failed" and "Unknown column: quantity" in job.error


def test_a_zip_bomb_is_refused_unopened(shop, settings):
    settings.CATALOGUE_IMPORT_MAX_UNPACKED_BYTES = 1024 * 1024
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (5 * 1024 * 1024))  # 5 MB of zeros, ~5 KB zipped
    assert len(out.getvalue()) < 20_000
    job = checked(out.getvalue(), "xlsx")
    assert job.status == "failed" and "would unpack to more than 1.0" in job.error


def test_a_damaged_workbook_is_refused(shop):
    job = checked(b"PK\x03\x04 not really a zip", "xlsx")
    assert job.status == "failed" and "not an XLSX workbook" in job.error
    book = Workbook()
    out = io.BytesIO()
    book.save(out)
    job = checked(out.getvalue(), "xlsx")
    assert job.status == "failed"  # an empty first sheet: no header with an sku column


def test_empty_cells_after_the_last_column_are_ignored_and_empty_rows_skipped(shop):
    job = checked(b"sku,stock,,\r\nJAM-1,4,,\r\n,,,\r\nTOWEL-RED,5,,\r\n")
    assert job.status == "checked" and job.total == 2
    assert by_row(job)[4]["outcome"] == "unchanged"  # row numbers as the spreadsheet shows them


def test_a_new_stock_record_may_not_take_another_products_stock_sku(shop):
    from oscar.core.loading import get_model

    StockRecord = get_model("partner", "StockRecord")
    StockRecord.objects.filter(partner_sku="TOWEL-BLUE").update(partner_sku="BLUE-TOWEL")  # its UPC stays TOWEL-BLUE
    job = imported(checked(csv_file([["BLUE-TOWEL", "", "Blue towel", "Goods", "", "5.00", "1", "", ""]])))
    assert "Another product already has a stock record with the SKU BLUE-TOWEL" in by_row(job)[2]["reasons"][0]
    assert job.status == "applied"
