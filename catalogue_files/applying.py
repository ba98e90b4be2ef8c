"""Writes a plan (validation.py) to the catalogue: a chunk of rows per transaction.

Rows are written in bulk (a row at a time would take minutes for 10,000), which skips
the per-save signals the dashboard's saves fire; so, once the rows are written, the
same effects are asked for explicitly: the search index updates (search/indexing.py),
the page cache's forgetting (pagecache/), and Oscar's low-stock alerts for the stock
records whose stock changed.

A stock record's allocation is read again, locked, in the chunk's transaction: an order
placed since the plan can't be left with more allocated than in stock; that row is
refused instead. Each chunk commits on its own, so a failure part-way leaves the earlier
chunks imported and the file can simply be imported again (done rows are unchanged).
"""
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from oscar.apps.partner.receivers import update_stock_alerts
from oscar.core.loading import get_model
from oscar.core.utils import slugify

from pagecache import invalidation, store
from search import indexing

from . import formats as f
from .snapshot import CATEGORY_SEPARATOR
from .validation import CHANGED, CHILD, CREATED, REFUSED

Product = get_model("catalogue", "Product")
ProductAttributeValue = get_model("catalogue", "ProductAttributeValue")
ProductCategory = get_model("catalogue", "ProductCategory")
Partner = get_model("partner", "Partner")
StockAlert = get_model("partner", "StockAlert")
StockRecord = get_model("partner", "StockRecord")

CHUNK = 500
PRODUCT_FIELDS = {f.TITLE: "title", f.TYPE: "product_class_id"}


def apply(plans, catalogue, progress=lambda done: None):
    """Write every created or changed row of `plans`; refused rows are left alone."""
    todo = sorted((p for p in plans if p.outcome in (CREATED, CHANGED)), key=lambda p: p.structure == CHILD)
    writer = _Writer(catalogue)
    done = 0
    try:
        for start in range(0, len(todo), CHUNK):
            chunk = todo[start:start + CHUNK]
            with transaction.atomic():
                writer.write(chunk)
            done += len(chunk)
            progress(done)
    finally:
        writer.forget_what_changed()


class _Writer:
    def __init__(self, catalogue):
        self.cat = catalogue
        self.ids = {sku: current.pk for sku, current in catalogue.by_sku.items()}
        self.partner = catalogue.partner
        self.titles = {sku: current.title for sku, current in catalogue.by_sku.items()}
        self.touched, self.moved = set(), False
        self.now = timezone.now()

    def write(self, chunk):
        self._recheck_allocations(chunk)
        chunk = [p for p in chunk if p.outcome != REFUSED]
        self._products(chunk)
        self._categories(chunk)
        self._attributes(chunk)
        self._stock(chunk)
        self.touched.update(self.ids[p.sku] for p in chunk)
        self.touched.update(self.ids[p.parent_sku] for p in chunk if p.parent_sku)

    def _recheck_allocations(self, chunk):
        changing = {self.cat.by_sku[p.sku].stock_id: p for p in chunk
                    if f.STOCK in p.new and p.sku in self.cat.by_sku and self.cat.by_sku[p.sku].stock_id}
        records = StockRecord.objects.select_for_update().filter(pk__in=changing).values_list("pk", "num_allocated")
        for pk, allocated in records:
            planned = changing[pk]
            if int(planned.new[f.STOCK]) < (allocated or 0):
                planned.outcome, planned.changes = REFUSED, []
                planned.reasons.append(f"Stock {planned.new.get(f.STOCK)} is below the {allocated} allocated to "
                                       "orders placed while the file was imported; give at least that.")

    def _products(self, chunk):
        new = [p for p in chunk if p.outcome == CREATED]
        # Parents first: their variants need their ids.
        for batch in ([p for p in new if p.structure != CHILD], [p for p in new if p.structure == CHILD]):
            for product in Product.objects.bulk_create([self._new_product(p) for p in batch]):
                self.ids[product.upc] = product.pk
                self.titles[product.upc] = product.title
        by_fields = {}  # the fields changed -> products changing just those
        for p in (p for p in chunk if p.outcome == CHANGED):
            fields = {PRODUCT_FIELDS[c]: v for c, v in p.new.items() if c in PRODUCT_FIELDS}
            if "product_class_id" in fields:
                fields["product_class_id"] = p.class_id
            if fields:
                by_fields.setdefault(tuple(sorted(fields)), []).append(Product(pk=self.ids[p.sku], **fields))
        for names, products in by_fields.items():
            Product.objects.bulk_update(products, [n.removesuffix("_id") for n in names])
            # The same moment for all: one UPDATE, not a CASE over every row.
            Product.objects.filter(pk__in=[p.pk for p in products]).update(date_updated=self.now)

    def _new_product(self, p):
        title = p.new.get(f.TITLE, "")
        if p.structure == CHILD:
            return Product(upc=p.sku, title=title, structure=CHILD, parent_id=self.ids[p.parent_sku],
                           slug=slugify(title or self._title_of(p.parent_sku)))
        return Product(upc=p.sku, title=title, structure=p.structure, product_class_id=p.class_id,
                       slug=slugify(title))

    def _title_of(self, sku):
        return self.titles.get(sku) or ""

    def _categories(self, chunk):
        moving = [p for p in chunk if f.CATEGORIES in p.new]
        if not moving:
            return
        self.moved = True
        ids = [self.ids[p.sku] for p in moving if p.outcome == CHANGED]  # new products have none yet
        if ids:
            ProductCategory.objects.filter(product_id__in=ids).delete()
        ProductCategory.objects.bulk_create([
            ProductCategory(product_id=self.ids[p.sku], category_id=self.cat.category_by_path[path])
            for p in moving for path in filter(None, p.new[f.CATEGORIES].split(CATEGORY_SEPARATOR))])

    def _attributes(self, chunk):
        by_attribute = {}
        for p in chunk:
            attributes = self.cat.attributes.get(p.class_id, {})
            for column, value in p.new.items():
                code = "weight" if column == f.WEIGHT else column.removeprefix(f.ATTRIBUTE_PREFIX)
                if column == f.WEIGHT or column.startswith(f.ATTRIBUTE_PREFIX):
                    by_attribute.setdefault(attributes[code], []).append((self.ids[p.sku], value))
        changed = {self.ids[p.sku] for p in chunk if p.outcome == CHANGED}
        for attribute, values in by_attribute.items():
            replaced = [pk for pk, _v in values if pk in changed]  # new products have no values yet
            if replaced:
                ProductAttributeValue.objects.filter(attribute=attribute, product_id__in=replaced).delete()
            ProductAttributeValue.objects.bulk_create([
                ProductAttributeValue(attribute=attribute, product_id=pk, **{f"value_{attribute.type}": _typed(
                    attribute.type, value)}) for pk, value in values if value != ""])

    def _stock(self, chunk):
        prices = [p for p in chunk if f.PRICE in p.new or f.STOCK in p.new]
        if not prices:
            return
        if self.partner is None:
            self.partner, _ = Partner.objects.get_or_create(name=settings.CATALOGUE_IMPORT_PARTNER)
        existing = {}
        for p in prices:
            current = self.cat.by_sku.get(p.sku)
            if current is not None and current.stock_id:
                existing[current.stock_id] = p
        records = StockRecord.objects.in_bulk(list(existing))
        # One UPDATE per set of new values (stock levels repeat): far quicker than bulk_update's CASE.
        by_values = {}
        for pk, p in existing.items():
            values = {}
            if f.PRICE in p.new:
                values["price"] = records[pk].price = Decimal(p.new[f.PRICE])
            if f.STOCK in p.new:
                values["num_in_stock"] = records[pk].num_in_stock = int(p.new[f.STOCK])
            by_values.setdefault(tuple(sorted(values.items())), []).append(pk)
        for values, ids in by_values.items():
            StockRecord.objects.filter(pk__in=ids).update(date_updated=self.now, **dict(values))
        self._alerts(records.values())
        updated = {id(p) for p in existing.values()}
        new = [p for p in prices if id(p) not in updated]
        StockRecord.objects.bulk_create([
            StockRecord(product_id=self.ids[p.sku], partner=self.partner, partner_sku=p.sku,
                        price=Decimal(p.new[f.PRICE]), price_currency=settings.OSCAR_DEFAULT_CURRENCY,
                        num_in_stock=int(p.new.get(f.STOCK) or 0)) for p in new])

    def _alerts(self, records):
        """Oscar's own low-stock alert rule, run for the records where it has something to do:
        below the threshold without an open alert, or an open alert no longer below."""
        alerted = set(StockAlert.objects.filter(stockrecord__in=[r.pk for r in records], status=StockAlert.OPEN)
                      .values_list("stockrecord_id", flat=True))
        for record in records:
            if record.is_below_threshold != (record.pk in alerted):
                update_stock_alerts(StockRecord, record, created=False)

    def forget_what_changed(self):
        """The search index and cached pages catch up with the products written, once."""
        if not self.touched:
            return
        ids = set(self.touched)
        indexing.queue("products", ids)
        if self.moved:
            transaction.on_commit(store.forget_all_pages)  # listings the products left, as well as joined
        else:
            invalidation.forget_products(ids)
            transaction.on_commit(lambda: invalidation.forget_listings_of(ids))


def _typed(kind, text):
    if kind == "float":
        return float(text)
    if kind == "integer":
        return int(text)
    if kind == "boolean":
        return text == "yes"
    return text
