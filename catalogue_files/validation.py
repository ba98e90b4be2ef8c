"""Each file row becomes a planned change (create, change with old → new, unchanged) or a
refusal with its reasons. Planning reads the catalogue and writes nothing, so the dry run
is just this; the import plans again against the catalogue as it then is and applies it.

A refused row never stops the others: each row is planned on its own, except that a
variant whose parent's row is refused is refused too.
"""
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from . import formats as f
from .snapshot import CATEGORY_SEPARATOR, IMPORTABLE_TYPES, LEVEL_SEPARATOR, price_text, value_text

CREATED, CHANGED, UNCHANGED, REFUSED = "created", "changed", "unchanged", "refused"
STANDALONE, PARENT, CHILD = "standalone", "parent", "child"
MAX_PRICE = Decimal("9999999999.99")  # StockRecord.price: 12 digits, 2 decimals
MAX_STOCK = 2_147_483_647
TRUE, FALSE = {"yes", "y", "true", "1"}, {"no", "n", "false", "0"}


class Refusal(Exception):
    pass


@dataclass
class Planned:
    row: int
    sku: str
    outcome: str = UNCHANGED
    structure: str = STANDALONE
    parent_sku: str = ""
    changes: list = field(default_factory=list)  # (column, old, new) in canonical text
    reasons: list = field(default_factory=list)
    class_id: int | None = None  # the class whose attributes apply (a variant's parent's)

    @property
    def new(self):
        return {column: new for column, _old, new in self.changes}

    def report(self):
        return {"row": self.row, "sku": self.sku, "outcome": self.outcome,
                "changes": [list(c) for c in self.changes], "reasons": self.reasons}


def plan(sheet, catalogue, progress=lambda done: None):
    """A Planned for every row of `sheet`, in file order."""
    planner = _Planner(sheet, catalogue)
    return planner.run(progress)


class _Planner:
    def __init__(self, sheet, catalogue):
        self.sheet, self.cat = sheet, catalogue
        self.columns = set(sheet.columns)
        self.attribute_codes = [c[len(f.ATTRIBUTE_PREFIX):] for c in sheet.columns if c.startswith(f.ATTRIBUTE_PREFIX)]
        rows_of = defaultdict(list)
        for row in sheet.rows:
            rows_of[row.cells[f.SKU]].append(row.number)
        self.rows_of = rows_of
        self.duplicates = {sku for sku, numbers in rows_of.items() if len(numbers) > 1}
        self.named_parents = {row.cells.get(f.PARENT, "") for row in sheet.rows} - {""}
        self.planned = {}  # sku -> Planned, for variants to find their parent's row

    def run(self, progress):
        done = 0
        plans = {}
        # Parents and standalone products first, so a variant can see its parent's outcome.
        ordered = sorted(self.sheet.rows, key=lambda r: bool(r.cells.get(f.PARENT)))
        for row in ordered:
            planned = Planned(row.number, row.cells[f.SKU])
            try:
                self._refuse_unsafe(row)
                if self.sheet.layout == f.STOCK_ONLY:
                    self._stock_row(row, planned)
                else:
                    self._full_row(row, planned)
            except Refusal as refusal:
                planned.reasons.append(str(refusal))
            planned.outcome = _outcome(planned, self.cat.by_sku.get(planned.sku))
            if planned.outcome == REFUSED:
                planned.changes = []
            plans[row.number] = planned
            self.planned.setdefault(planned.sku, planned)
            done += 1
            progress(done)
        return [plans[row.number] for row in self.sheet.rows]

    def _refuse_unsafe(self, row):
        sku = row.cells[f.SKU]
        if row.formulas:
            raise Refusal(f"{_list(row.formulas)} {'holds a formula' if len(row.formulas) == 1 else 'hold formulas'}: "
                          "formulas are refused; type the value itself.")
        if row.extra_cells:
            raise Refusal(f"This row has {row.extra_cells} more cell(s) than the first row names.")
        if not sku:
            raise Refusal("The SKU is empty.")
        if len(sku) > 64:
            raise Refusal("The SKU is longer than 64 characters.")
        if sku in self.duplicates:
            raise Refusal(f"SKU {sku} is on rows {', '.join(map(str, self.rows_of[sku]))}: give each SKU once.")

    # --- stock only ------------------------------------------------------------------

    def _stock_row(self, row, planned):
        current = self.cat.by_sku.get(planned.sku)
        if current is None:
            raise Refusal(f"No product has SKU {planned.sku}: a stock file changes existing products only "
                          "(add new ones with the full catalogue file).")
        if current.structure == "parent":
            raise Refusal(f"{planned.sku} is a parent product: its variants hold the stock.")
        planned.structure = current.structure
        self._price_and_stock(row, planned, current)

    # --- full catalogue --------------------------------------------------------------

    def _full_row(self, row, planned):
        cells, current = row.cells, self.cat.by_sku.get(planned.sku)
        parent_sku = cells.get(f.PARENT, "") if f.PARENT in self.columns else (
            self.cat.parent_sku(current) if current else "")
        planned.parent_sku = parent_sku
        planned.structure = self._structure(planned, current, parent_sku)
        if planned.structure == CHILD:
            planned.class_id = self._parent_class(planned, parent_sku)
        else:
            planned.class_id = self._class(cells, planned, current)
        self._title(cells, planned, current)
        self._categories(cells, planned, current)
        if planned.structure == PARENT:
            if cells.get(f.PRICE) or cells.get(f.STOCK):
                raise Refusal("A parent product has no price or stock of its own: give them on its variants' rows.")
        else:
            self._price_and_stock(row, planned, current)
        self._attributes(cells, planned, current)

    def _structure(self, planned, current, parent_sku):
        existing = current.structure if current else None
        if parent_sku:
            if parent_sku == planned.sku:
                raise Refusal("A product can't be its own parent.")
            if planned.sku in self.named_parents:
                raise Refusal(f"{planned.sku} is named as a parent but has a parent itself ({parent_sku}).")
            if current and (existing != CHILD or self.cat.parent_sku(current) != parent_sku):
                raise Refusal(f"{planned.sku} exists as a {_kind(current, self.cat)}; an import can't make it a "
                              f"variant of {parent_sku}.")
            return CHILD
        if current and existing == CHILD:
            raise Refusal(f"{planned.sku} is a variant of {self.cat.parent_sku(current)}: give that in parent_sku.")
        if planned.sku in self.named_parents or existing == PARENT:
            if existing == STANDALONE:
                raise Refusal(f"{planned.sku} is a standalone product with its own stock; an import can't turn "
                              "it into a parent.")
            return PARENT
        return STANDALONE

    def _parent_class(self, planned, parent_sku):
        in_file = self.planned.get(parent_sku)
        if in_file is not None:
            if in_file.outcome == REFUSED:
                raise Refusal(f"Its parent {parent_sku} (row {in_file.row}) is refused.")
            return in_file.class_id
        parent = self.cat.by_sku.get(parent_sku)
        if parent is None:
            raise Refusal(f"No product has the parent SKU {parent_sku}, and no row of this file adds it.")
        if parent.structure != PARENT:
            raise Refusal(f"{parent_sku} is not a parent product, so it can't have variants.")
        return parent.class_id

    def _class(self, cells, planned, current):
        old = self.cat.classes[current.class_id].name if current and current.class_id else ""
        if f.TYPE not in self.columns:
            if current is None:
                raise Refusal("A new product needs a product_type column.")
            return current.class_id
        name = cells[f.TYPE]
        if not name:
            raise Refusal("The product type is empty.")
        klass = self.cat.class_by_name.get(name)
        if klass is None:
            known = ", ".join(sorted(self.cat.class_by_name)) or "none yet"
            raise Refusal(f"Unknown product type “{name}” (the shop has: {known}).")
        _compare(planned, f.TYPE, old, name)
        return klass.pk

    def _title(self, cells, planned, current):
        if f.TITLE not in self.columns:
            if current is None and planned.structure != CHILD:
                raise Refusal("A new product needs a title column.")
            return
        title = cells[f.TITLE]
        if not title and planned.structure != CHILD:
            raise Refusal("The title is empty.")
        if len(title) > 255:
            raise Refusal("The title is longer than 255 characters.")
        _compare(planned, f.TITLE, current.title if current else "", title)

    def _categories(self, cells, planned, current):
        if f.CATEGORIES not in self.columns:
            return
        text = cells[f.CATEGORIES]
        if planned.structure == CHILD:
            if text:
                raise Refusal("A variant sits in its parent's categories: leave its categories empty.")
            return
        paths = set()
        for part in text.split(";"):
            path = LEVEL_SEPARATOR.join(level.strip() for level in part.split(">"))
            if path:
                paths.add(path)
        unknown = sorted(p for p in paths if p not in self.cat.category_by_path)
        if unknown:
            raise Refusal(f"Unknown categor{'ies' if len(unknown) > 1 else 'y'}: "
                          f"{', '.join(f'“{p}”' for p in unknown)} (add it in the dashboard first).")
        _compare(planned, f.CATEGORIES, current.categories if current else "", CATEGORY_SEPARATOR.join(sorted(paths)))

    def _price_and_stock(self, row, planned, current):
        cells = row.cells
        price = _price(cells[f.PRICE]) if cells.get(f.PRICE) else ""
        stock = _stock(cells[f.STOCK]) if cells.get(f.STOCK) else ""
        has_record = current is not None and current.stock_id is not None
        if not has_record and stock and not price:
            raise Refusal("This product has no price yet: give one beside its stock.")
        owner = self.cat.stock_sku_owner.get(planned.sku)
        if not has_record and (price or stock) and owner is not None and (current is None or owner != current.pk):
            raise Refusal(f"Another product already has a stock record with the SKU {planned.sku} "
                          f"({self.cat.partner.name}); stock SKUs are unique per partner.")
        allocated = current.allocated if has_record else 0
        if stock and int(stock) < allocated:
            raise Refusal(f"Stock {stock} is below the {allocated} already allocated to orders not yet shipped; "
                          f"give at least {allocated}.")
        if price:
            _compare(planned, f.PRICE, current.price if has_record else "", price)
        if stock or (price and not has_record):
            _compare(planned, f.STOCK, current.stock if has_record else "", stock or "0")

    def _attributes(self, cells, planned, current):
        attributes = self.cat.attributes.get(planned.class_id, {})
        columns = ([("weight", f.WEIGHT)] if f.WEIGHT in self.columns else []) + [
            (code, f.attribute_column(code)) for code in self.attribute_codes]
        for code, column in columns:
            text = cells[column]
            attribute = attributes.get(code)
            old = current.attributes.get(code, "") if current else ""
            if attribute is None:
                if text:
                    raise Refusal(f"{column}: this product type has no “{code}” attribute.")
                continue
            if attribute.type not in IMPORTABLE_TYPES:
                if text:
                    raise Refusal(f"{column}: {attribute.get_type_display().lower()} attributes can't be imported.")
                continue
            _compare(planned, column, old, _attribute_value(column, attribute.type, text))


def _compare(planned, column, old, new):
    if old != new:
        planned.changes.append((column, old, new))


def _outcome(planned, current):
    if planned.reasons:
        return REFUSED
    if current is None:
        return CREATED
    return CHANGED if planned.changes else UNCHANGED


def _kind(current, catalogue):
    return {"child": f"variant of {catalogue.parent_sku(current)}"}.get(current.structure,
                                                                       f"{current.structure} product")


def _list(columns):
    return ", ".join(f"Column {c}" if i == 0 else c for i, c in enumerate(columns))


def _decimal(text, what):
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise Refusal(f"The {what} “{text}” is not a number.") from None
    if not value.is_finite():
        raise Refusal(f"The {what} “{text}” is not a number.")
    return value


def _price(text):
    value = _decimal(text, "price")
    if value < 0:
        raise Refusal(f"The price {text} is negative.")
    if value.as_tuple().exponent < -2 and value != value.quantize(Decimal("0.01")):
        raise Refusal(f"The price {text} has more than two decimal places.")
    if value > MAX_PRICE:
        raise Refusal(f"The price {text} is too large.")
    return price_text(value)


def _stock(text):
    value = _decimal(text, "stock")
    if value != value.to_integral_value():
        raise Refusal(f"The stock {text} is not a whole number.")
    if value < 0:
        raise Refusal(f"The stock {text} is negative.")
    if value > MAX_STOCK:
        raise Refusal(f"The stock {text} is too large.")
    return str(int(value))


def _attribute_value(column, kind, text):
    if not text:
        return ""
    if kind == "float":
        return value_text(kind, _decimal(text, column))
    if kind == "integer":
        value = _decimal(text, column)
        if value != value.to_integral_value():
            raise Refusal(f"{column}: “{text}” is not a whole number.")
        return str(int(value))
    if kind == "boolean":
        if text.lower() in TRUE | FALSE:
            return value_text(kind, text.lower() in TRUE)
        raise Refusal(f"{column}: “{text}” is not yes or no.")
    return text


def counts(plans):
    return Counter(p.outcome for p in plans)
