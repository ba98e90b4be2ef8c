"""A finished run's result as CSV (every table, one after another) or XLSX (one sheet per
table, money as numbers with two decimals).

Text cells can hold what anyone typed (search terms, product titles, customer emails), and
a spreadsheet runs a cell that starts with = + - @ (or a tab or carriage return before one)
as a formula. So every text cell that starts with one of those gets a leading apostrophe,
in CSV and XLSX alike, and XLSX text cells are written as strings, never as formulas.
Numbers, money and dates stay typed as numbers and dates: "-5.00" in a money column is
an amount, not text.
"""
import csv
import datetime as dt
import io
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from .builders.result import figures_table

CSV_MIME = "text/csv"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
XLSX_FORMATS = {"money": "#,##0.00", "percent": "0.0", "decimal": "0.0", "date": "yyyy-mm-dd"}
NUMBER_KINDS = ("int", "money", "percent", "decimal")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralised(text):
    """Text a spreadsheet shows as typed instead of running it as a formula (OWASP's advice).

    Control characters (a search for "a%01b") are dropped: a spreadsheet can't hold them,
    and openpyxl refuses the whole file for one."""
    text = ILLEGAL_CHARACTERS_RE.sub("", text)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def is_number(text):
    try:
        return Decimal(text).is_finite()
    except ArithmeticError:
        return False


def safe(value, kind="text"):
    """A CSV cell: numbers in number columns as they are, every other string neutralised."""
    if value is None:
        return ""
    if isinstance(value, str) and not (kind in NUMBER_KINDS and is_number(value)):
        return neutralised(value)
    return value


def row_kinds(tab, index, row):
    """The type of each cell of one row; the summary table has one type per row instead."""
    row_types = tab.get("types")
    if row_types:
        return ["text"] + [row_types[index]] * (len(row) - 1)
    return [c["type"] for c in tab["columns"]]


def all_tables(result):
    """The headline figures first, then the report's own tables."""
    figures = result.get("figures") or []
    with_previous = any(f.get("previous") is not None for f in figures)
    return [figures_table(figures, with_previous), *result.get("tables", [])]


def to_csv(result):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([safe(result["title"])])
    for tab in all_tables(result):
        writer.writerow([])
        writer.writerow([safe(tab["title"])])
        writer.writerow([safe(c["label"]) for c in tab["columns"]])
        for index, row in enumerate(tab["rows"]):
            writer.writerow([safe(v, k) for v, k in zip(row, row_kinds(tab, index, row), strict=True)])
    return out.getvalue().encode("utf-8")


def typed(value, kind):
    """A cell value as Excel should hold it: numbers as numbers, dates as dates."""
    if value is None or value == "":
        return None
    if kind in ("money", "percent", "decimal"):
        return Decimal(value)
    if kind == "date":
        return dt.date.fromisoformat(value)
    return neutralised(value) if isinstance(value, str) else value


def as_text(cells):
    """Text cells stay text: openpyxl would otherwise store a value starting with = as a formula."""
    for cell in cells:
        if isinstance(cell.value, str):
            cell.data_type = "s"


def sheet_name(title, used):
    name = "".join(ch for ch in title if ch not in "[]:*?/\\")[:31] or "Sheet"
    while name in used:
        name = f"{name[:28]} {len(used)}"
    used.add(name)
    return name


def to_xlsx(result):
    book = Workbook()
    book.remove(book.active)
    used = set()
    for tab in all_tables(result):
        sheet = book.create_sheet(sheet_name(tab["title"], used))
        sheet.append([neutralised(c["label"]) for c in tab["columns"]])
        as_text(sheet[sheet.max_row])
        for index, row in enumerate(tab["rows"]):
            kinds = row_kinds(tab, index, row)
            sheet.append([typed(v, k) for v, k in zip(row, kinds, strict=True)])
            as_text(sheet[sheet.max_row])
            for cell, kind in zip(sheet[sheet.max_row], kinds, strict=True):
                if kind in XLSX_FORMATS:
                    cell.number_format = XLSX_FORMATS[kind]
        sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def export(run, fmt):
    """(bytes, mimetype, filename) for a finished run."""
    if fmt == "csv":
        return to_csv(run.result), CSV_MIME, f"{run.file_stem}.csv"
    return to_xlsx(run.result), XLSX_MIME, f"{run.file_stem}.xlsx"
