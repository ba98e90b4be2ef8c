"""The catalogue as it stands, read in a few queries, in the files' own text forms.

Validation compares each file row with these values, and export writes them, so a file
exported and imported again finds every cell equal: the round trip is "unchanged" by
construction. Each value has one canonical text: prices with two decimals, stock as an
integer, floats in their shortest form, yes/no for true/false, categories as breadcrumb
paths ("Pantry > Preserves") sorted and joined with "; ".
"""
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from oscar.core.loading import get_model

from . import formats as f

Category = get_model("catalogue", "Category")
Product = get_model("catalogue", "Product")
ProductAttribute = get_model("catalogue", "ProductAttribute")
ProductAttributeValue = get_model("catalogue", "ProductAttributeValue")
ProductCategory = get_model("catalogue", "ProductCategory")
ProductClass = get_model("catalogue", "ProductClass")
Partner = get_model("partner", "Partner")
StockRecord = get_model("partner", "StockRecord")

CATEGORY_SEPARATOR = "; "
LEVEL_SEPARATOR = " > "
IMPORTABLE_TYPES = {"text", "richtext", "integer", "float", "boolean"}
CHUNK = 2000  # ids per IN (...) list, well inside SQLite's limit


@dataclass
class Current:
    """One product as it stands."""

    pk: int
    sku: str
    structure: str
    parent_id: int | None
    class_id: int | None
    title: str
    categories: str = ""
    attributes: dict = field(default_factory=dict)  # code -> canonical text
    stock_id: int | None = None
    price: str = ""
    stock: str = ""
    allocated: int = 0


def price_text(value):
    return "" if value is None else str(Decimal(value).quantize(Decimal("0.01")))


def value_text(kind, value):
    if value is None or value == "":
        return ""
    if kind == "boolean":
        return "yes" if value else "no"
    if kind == "float":
        value = float(value)
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value)


class Catalogue:
    """Products (by SKU), their classes with attributes, categories by path, the import partner."""

    def __init__(self, skus=None):
        self.classes = {c.pk: c for c in ProductClass.objects.all()}
        self.class_by_name = {c.name: c for c in self.classes.values()}
        self.attributes = {}  # class id -> {code: ProductAttribute}
        for attribute in ProductAttribute.objects.filter(product_class__isnull=False):
            self.attributes.setdefault(attribute.product_class_id, {})[attribute.code] = attribute
        self.category_paths = category_paths()
        self.category_by_path = {path: pk for pk, path in self.category_paths.items()}
        self.partner = Partner.objects.filter(name=settings.CATALOGUE_IMPORT_PARTNER).first()
        self.by_sku = {}
        self.by_pk = {}
        self._load(skus)
        self.stock_sku_owner = {}  # the partner's stock SKUs among these, and whose they are (they're unique)
        if self.partner is not None and skus is not None:
            for batch in chunks(sorted(skus), CHUNK):
                self.stock_sku_owner.update(StockRecord.objects.filter(
                    partner=self.partner, partner_sku__in=batch).values_list("partner_sku", "product_id"))

    def _load(self, skus):
        products = Product.objects.exclude(upc__isnull=True).exclude(upc="")
        batches = [products] if skus is None else [
            products.filter(upc__in=batch) for batch in chunks(sorted(skus), CHUNK)]
        for batch in batches:
            for row in batch.values_list("pk", "upc", "structure", "parent_id", "product_class_id", "title"):
                current = Current(*row)
                self.by_sku[current.sku] = current
                self.by_pk[current.pk] = current
        self._load_parents()
        for ids in chunks(list(self.by_pk), CHUNK):
            self._load_details(ids)

    def _load_parents(self):
        """Parents of the variants read, so a variant's class (its parent's) is known."""
        missing = {c.parent_id for c in self.by_pk.values() if c.parent_id and c.parent_id not in self.by_pk}
        for row in Product.objects.filter(pk__in=missing).values_list(
                "pk", "upc", "structure", "parent_id", "product_class_id", "title"):
            current = Current(*row)
            self.by_pk[current.pk] = current
            if current.sku:
                self.by_sku[current.sku] = current

    def _load_details(self, ids):
        placed = {}
        for product_id, category_id in ProductCategory.objects.filter(product_id__in=ids).values_list(
                "product_id", "category_id"):
            placed.setdefault(product_id, []).append(self.category_paths[category_id])
        for product_id, paths in placed.items():
            self.by_pk[product_id].categories = CATEGORY_SEPARATOR.join(sorted(paths))
        for value in ProductAttributeValue.objects.filter(product_id__in=ids).select_related("attribute"):
            kind = value.attribute.type
            if kind in IMPORTABLE_TYPES:
                self.by_pk[value.product_id].attributes[value.attribute.code] = value_text(
                    kind, getattr(value, f"value_{kind}"))
        if self.partner is None:
            return
        for pk, product_id, price, in_stock, allocated in StockRecord.objects.filter(
                partner=self.partner, product_id__in=ids).values_list(
                "pk", "product_id", "price", "num_in_stock", "num_allocated"):
            current = self.by_pk[product_id]
            current.stock_id, current.price = pk, price_text(price)
            current.stock = "" if in_stock is None else str(in_stock)
            current.allocated = allocated or 0

    def class_of(self, current):
        """A variant has its parent's class."""
        if current.parent_id:
            return self.by_pk[current.parent_id].class_id
        return current.class_id

    def parent_sku(self, current):
        return self.by_pk[current.parent_id].sku if current.parent_id else ""

    def row(self, current, attribute_codes):
        """The full-catalogue row of one product, as export writes it."""
        is_child = current.structure == Product.CHILD
        klass = self.classes.get(current.class_id)
        return {
            f.SKU: current.sku, f.PARENT: self.parent_sku(current), f.TITLE: current.title,
            f.TYPE: "" if is_child or klass is None else klass.name, f.CATEGORIES: current.categories,
            f.PRICE: current.price, f.STOCK: current.stock, f.WEIGHT: current.attributes.get("weight", ""),
            **{f.attribute_column(code): current.attributes.get(code, "") for code in attribute_codes},
        }


def category_paths():
    """{category id: "Pantry > Preserves"} for the whole tree, in one query."""
    names_by_path = {}
    paths = {}
    for pk, path, name in Category.objects.order_by("path").values_list("pk", "path", "name"):
        parent = names_by_path.get(path[:-Category.steplen])
        names_by_path[path] = f"{parent}{LEVEL_SEPARATOR}{name}" if parent else name
        paths[pk] = names_by_path[path]
    return paths


def chunks(items, size):
    items = list(items)
    return [items[i:i + size] for i in range(0, len(items), size)]
