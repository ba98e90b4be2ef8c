"""The two file layouts and reading CSV or XLSX into rows of text cells.

Full catalogue: one row per product or variant. Stock only: SKU, stock and optionally
price. The first row names the columns; rows are numbered as a spreadsheet shows them
(the header is row 1). Everything that can make a file unsafe or too big to read is
refused here, before any row is looked at: the size (before reading), the encoding,
the zip's unpacked size (an XLSX is a zip), the row count. A formula cell refuses only
its own row, which validation.py reports with the column.
"""
import csv
import datetime as dt
import io
import zipfile
from dataclasses import dataclass, field

from django.conf import settings
from django.template.defaultfilters import filesizeformat

from reports.exports import FORMULA_STARTS, is_number

SKU, PARENT, TITLE, TYPE, CATEGORIES, PRICE, STOCK, WEIGHT = (
    "sku", "parent_sku", "title", "product_type", "categories", "price", "stock", "weight")
FULL_COLUMNS = [SKU, PARENT, TITLE, TYPE, CATEGORIES, PRICE, STOCK, WEIGHT]
STOCK_COLUMNS = [SKU, STOCK, PRICE]
ATTRIBUTE_PREFIX = "attr:"
FULL, STOCK_ONLY = "full", "stock"
FORMATS = ("csv", "xlsx")
MAX_ZIP_MEMBERS = 10_000


class FileRefused(Exception):
    """The whole file is refused; the message says why, in the merchandiser's words."""


@dataclass
class Row:
    number: int
    cells: dict
    formulas: list = field(default_factory=list)  # columns holding a formula
    extra_cells: int = 0  # filled cells beyond the header's columns


@dataclass
class Sheet:
    layout: str
    columns: list
    rows: list


def attribute_column(code):
    return f"{ATTRIBUTE_PREFIX}{code}"


def file_format(file_name):
    suffix = file_name.rsplit(".", 1)[-1].lower() if "." in file_name else ""
    if suffix not in FORMATS:
        raise FileRefused(f"“{file_name}” is not a .csv or .xlsx file.")
    return suffix


def check_size(size):
    limit = settings.CATALOGUE_IMPORT_MAX_BYTES
    if size > limit:
        raise FileRefused(f"This file is {filesizeformat(size)}; the limit is {filesizeformat(limit)}. "
                          "Split it into smaller files.")


def read(content, fmt):
    """The file's Sheet, or FileRefused."""
    check_size(len(content))
    header, rows = (_csv_rows if fmt == "csv" else _xlsx_rows)(content)
    columns = _columns(header)
    limit = settings.CATALOGUE_IMPORT_MAX_ROWS
    read_rows = []
    for number, cells, formulas in rows:
        if not any(cells):
            continue
        if len(read_rows) >= limit:
            raise FileRefused(f"This file has more than {limit:,} rows; split it into files of at most {limit:,}.")
        named = dict(zip(columns, cells, strict=False))
        extra = sum(1 for cell in cells[len(columns):] if cell)
        read_rows.append(Row(number, {c: named.get(c, "") for c in columns},
                             [columns[i] for i in formulas if i < len(columns)], extra))
    return Sheet(_layout(columns), columns, read_rows)


def _columns(header):
    header = [cell.strip() for cell in header]
    while header and not header[-1]:
        header.pop()  # spreadsheets often save empty cells after the last column
    columns = []
    for name in header:
        if name.lower().startswith(ATTRIBUTE_PREFIX):
            name = ATTRIBUTE_PREFIX + name[len(ATTRIBUTE_PREFIX):].strip()  # attribute codes keep their case
        else:
            name = name.lower()
        if not name:
            raise FileRefused("The first row must name every column; one is empty.")
        if name in columns:
            raise FileRefused(f"The column “{name}” appears twice in the first row.")
        columns.append(name)
    if SKU not in columns:
        raise FileRefused("The first row must name the columns, and one must be “sku”.")
    return columns


def _layout(columns):
    if set(columns) <= set(STOCK_COLUMNS):
        if len(columns) == 1:
            raise FileRefused("A stock file needs a “stock” or “price” column beside “sku”.")
        return STOCK_ONLY
    unknown = [c for c in columns if c not in FULL_COLUMNS and not c.startswith(ATTRIBUTE_PREFIX)]
    if unknown:
        raise FileRefused(f"Unknown column{'s' if len(unknown) > 1 else ''}: {', '.join(unknown)}. The columns are "
                          f"{', '.join(FULL_COLUMNS)} and attr:<attribute code>, or for stock only "
                          f"{', '.join(STOCK_COLUMNS)}.")
    return FULL


def is_formula_text(text):
    """A CSV cell a spreadsheet would run as a formula (a signed number is just a number)."""
    return text.startswith(FORMULA_STARTS) and not is_number(text.strip())


def literal(text):
    """An exported cell's text: "'=x" is how export wrote the text "=x" (exporting.py)."""
    return text[1:] if text.startswith("'") and text[1:].startswith(FORMULA_STARTS) else text


def _csv_rows(content):
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = content[:exc.start].count(b"\n") + 1
        raise FileRefused(f"This file is not UTF-8 text (line {line} holds a byte UTF-8 doesn't have). "
                          "Save it as “CSV UTF-8” and upload it again.") from None
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, None)
        if header is None:
            raise FileRefused("This file is empty.")

        def rows():
            try:
                for number, cells in enumerate(reader, start=2):  # records, as a spreadsheet numbers rows
                    formulas = [i for i, cell in enumerate(cells) if is_formula_text(cell.strip()) or
                                is_formula_text(cell)]
                    yield number, [literal(cell.strip()) for cell in cells], formulas
            except csv.Error as exc:
                raise FileRefused(f"Line {reader.line_num} can't be read as CSV: {exc}.") from None
        return header, rows()
    except csv.Error as exc:
        raise FileRefused(f"Line {reader.line_num} can't be read as CSV: {exc}.") from None


def _xlsx_rows(content):
    from openpyxl import load_workbook

    _check_zip(content)
    try:
        sheet = load_workbook(io.BytesIO(content), read_only=True, data_only=False).worksheets[0]
        cells = sheet.iter_rows()
        header = next(cells, None)
    except FileRefused:
        raise
    except Exception:  # noqa: BLE001  openpyxl and zipfile raise many kinds for a damaged workbook
        raise FileRefused("This file can't be read as an XLSX workbook. Save it from the spreadsheet "
                          "program as “Excel Workbook (.xlsx)” or as CSV UTF-8.") from None
    if header is None:
        raise FileRefused("This workbook's first sheet is empty.")

    def rows():
        try:
            for number, row in enumerate(cells, start=2):
                number = getattr(row[0], "row", None) or number if row else number
                yield number, [_text(c.value) for c in row], [i for i, c in enumerate(row) if _is_formula(c)]
        except Exception:  # noqa: BLE001
            raise FileRefused(f"Row {number + 1} of this workbook can't be read.") from None
    return [_text(c.value) for c in header], rows()


def _is_formula(cell):
    """A formula cell, or a text cell a spreadsheet would run as one when saved as CSV."""
    return cell.data_type == "f" or (isinstance(cell.value, str) and is_formula_text(cell.value))


def _check_zip(content):
    """An XLSX is a zip: refuse one that would unpack to far more than it weighs (a zip bomb)."""
    limit = settings.CATALOGUE_IMPORT_MAX_UNPACKED_BYTES
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            members = archive.infolist()
    except zipfile.BadZipFile:
        raise FileRefused("This file is not an XLSX workbook (it isn't a zip of one). "
                          "Save it as “Excel Workbook (.xlsx)” or as CSV UTF-8.") from None
    if len(members) > MAX_ZIP_MEMBERS or sum(m.file_size for m in members) > limit:
        raise FileRefused(f"This workbook would unpack to more than {filesizeformat(limit)}; it is refused unread.")


def _text(value):
    """A cell's value as the text a CSV would hold."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return literal(str(value).strip())
