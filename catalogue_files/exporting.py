"""The catalogue or its stock as the same files the import reads (formats.py).

Values come from snapshot.py, the same reading validation compares with, so importing an
export changes nothing. Text a spreadsheet would run as a formula (= + - @ …) gets a
leading apostrophe (reports/exports.py, OWASP's advice); the import reads "'=…" back as
the text "=…". Products without a SKU can't be matched by a file and are left out.
"""
import csv
import io

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from reports.exports import CSV_MIME, XLSX_MIME, neutralised

from . import formats as f
from .snapshot import IMPORTABLE_TYPES, Catalogue

NUMBER_COLUMNS = {f.PRICE: "0.00", f.STOCK: "0"}


def rows(layout):
    """(columns, list of row dicts) of the whole catalogue in `layout`."""
    catalogue = Catalogue()
    products = sorted(catalogue.by_sku.values(), key=lambda c: c.sku)
    if layout == f.STOCK_ONLY:
        return f.STOCK_COLUMNS, [{f.SKU: c.sku, f.STOCK: c.stock, f.PRICE: c.price}
                                 for c in products if c.structure != "parent"]
    codes = sorted({a.code for by_code in catalogue.attributes.values() for a in by_code.values()
                    if a.type in IMPORTABLE_TYPES and a.code != "weight"})
    columns = f.FULL_COLUMNS + [f.attribute_column(code) for code in codes]
    children = {}
    for c in products:
        if c.parent_id:
            children.setdefault(c.parent_id, []).append(c)
    ordered = []
    for c in products:
        if not c.parent_id:
            ordered.append(c)
            ordered.extend(children.get(c.pk, []))
    return columns, [catalogue.row(c, codes) for c in ordered]


def export(layout, fmt):
    """(content bytes, mimetype, file name)."""
    columns, data = rows(layout)
    name = "catalogue" if layout == f.FULL else "stock"
    if fmt == "csv":
        return _csv(columns, data), f"{CSV_MIME}; charset=utf-8", f"{name}.csv"
    return _xlsx(columns, data), XLSX_MIME, f"{name}.xlsx"


def _csv(columns, data):
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    for row in data:
        writer.writerow([row[c] if c in NUMBER_COLUMNS else neutralised(row[c]) for c in columns])
    return out.getvalue().encode("utf-8-sig")  # the mark tells spreadsheet programs it is UTF-8


def _xlsx(columns, data):
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Catalogue")
    sheet.append(columns)
    for row in data:
        sheet.append([_number(sheet, row[c], NUMBER_COLUMNS[c]) if c in NUMBER_COLUMNS and row[c] != ""
                      else neutralised(row[c]) for c in columns])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _number(sheet, text, number_format):
    cell = WriteOnlyCell(sheet, value=int(text) if number_format == "0" else float(text))
    cell.number_format = number_format
    return cell
