"""A finished run's result as CSV (every table, one after another) or XLSX (one sheet per
table, money as numbers with two decimals)."""
import csv
import datetime as dt
import io
from decimal import Decimal

from openpyxl import Workbook

from .builders.result import figures_table

CSV_MIME = "text/csv"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
XLSX_FORMATS = {"money": "#,##0.00", "percent": "0.0", "decimal": "0.0", "date": "yyyy-mm-dd"}


def all_tables(result):
    """The headline figures first, then the report's own tables."""
    figures = result.get("figures") or []
    with_previous = any(f.get("previous") is not None for f in figures)
    return [figures_table(figures, with_previous), *result.get("tables", [])]


def to_csv(result):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([result["title"]])
    for tab in all_tables(result):
        writer.writerow([])
        writer.writerow([tab["title"]])
        writer.writerow([c["label"] for c in tab["columns"]])
        writer.writerows([["" if v is None else v for v in row] for row in tab["rows"]])
    return out.getvalue().encode("utf-8")


def typed(value, kind):
    """A cell value as Excel should hold it: numbers as numbers, dates as dates."""
    if value is None or value == "":
        return None
    if kind in ("money", "percent", "decimal"):
        return Decimal(value)
    if kind == "date":
        return dt.date.fromisoformat(value)
    return value


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
        sheet.append([c["label"] for c in tab["columns"]])
        row_types = tab.get("types")  # the summary sheet: one type per row, in the value columns
        for index, row in enumerate(tab["rows"]):
            if row_types:
                kinds = ["text"] + [row_types[index]] * (len(row) - 1)
            else:
                kinds = [c["type"] for c in tab["columns"]]
            sheet.append([typed(v, k) for v, k in zip(row, kinds, strict=True)])
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
