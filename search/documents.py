"""What the search engines store for a product or a page, built from the database in bulk.

One builder for every engine and for the rebuild command, so an indexed product always
carries the same fields: text to match (title over category names over description),
and the values facets and sorting need (category ids with their ancestors, lowest price,
availability, product type, date, and the colours, sizes and materials of every version).
"""
import re

from django.db.models import Q
from django.urls import reverse
from django.utils.html import strip_tags
from oscar.core.loading import get_model

from .query import ATTRIBUTE_FACETS

Product = get_model("catalogue", "Product")
Category = get_model("catalogue", "Category")
ProductCategory = get_model("catalogue", "ProductCategory")
StockRecord = get_model("partner", "StockRecord")
ProductAttributeValue = get_model("catalogue", "ProductAttributeValue")

STEPLEN = Category.steplen
SLUG = re.compile(r"[-a-zA-Z0-9_]+")


def _ancestry(categories_by_path, path):
    """Ids of a category and every category above it, from its materialised path."""
    return [categories_by_path[path[:i]] for i in range(STEPLEN, len(path) + 1, STEPLEN)
            if path[:i] in categories_by_path]


def _product_url():
    """A function (pk, slug) -> the product page's URL: reversed once, then filled in,
    because reversing for each of 100,000 products costs seconds of a rebuild."""
    pattern = reverse("catalogue:detail", kwargs={"product_slug": "slug-sentinel", "pk": 987654321})
    head, tail = pattern.split("slug-sentinel", 1)
    middle, end = tail.split("987654321", 1)

    def url(pk, slug):
        if SLUG.fullmatch(slug or ""):
            return f"{head}{slug}{middle}{pk}{end}"
        return reverse("catalogue:detail", kwargs={"product_slug": slug, "pk": pk})
    return url


def product_documents(ids):
    """(documents for the indexable products among `ids`, ids that must leave the index).

    Plain rows (`.values()`), not model instances: a rebuild builds 100,000 of these and
    instantiating products, stock records and categories was most of its time.
    """
    ids = set(ids)
    products = list(Product.objects.filter(pk__in=ids, parent=None, is_public=True).values_list(
        "pk", "title", "description", "upc", "slug", "product_class_id", "product_class__track_stock",
        "date_created"))
    found = [row[0] for row in products]
    records = {}  # product (or its parent) -> [(price, num_in_stock, num_allocated)]
    for owner, *record in StockRecord.objects.filter(product_id__in=found).values_list(
            "product_id", "price", "num_in_stock", "num_allocated"):
        records.setdefault(owner, []).append(record)
    for owner, *record in StockRecord.objects.filter(product__parent_id__in=found).values_list(
            "product__parent_id", "price", "num_in_stock", "num_allocated"):
        records.setdefault(owner, []).append(record)
    placed = {}  # product -> [(path, name)] in tree order
    for product_id, path, name in ProductCategory.objects.filter(product_id__in=found).order_by(
            "category__path").values_list("product_id", "category__path", "category__name"):
        placed.setdefault(product_id, []).append((path, name))
    categories_by_path = dict(Category.objects.values_list("path", "pk"))
    url = _product_url()
    attributes = attribute_values(found)
    docs = [{**product_document(row, records.get(row[0], []), placed.get(row[0], []), categories_by_path, url),
             **attribute_fields(attributes.get(row[0], []))} for row in products]
    return docs, sorted(ids - set(found))


def attribute_values(found):
    """product (or its parent) -> [(attribute code, value)]: its own text and option values and
    its public children's, so a parent is found and faceted by every version it comes in."""
    values = {}
    rows = ProductAttributeValue.objects.filter(
        Q(product_id__in=found) | Q(product__parent_id__in=found, product__is_public=True),
        attribute__type__in=["text", "option", "multi_option"],
    ).values_list("product_id", "product__parent_id", "attribute__code", "value_text", "value_option__option")
    for product_id, parent_id, code, text, option in rows:
        value = text or option
        if value:
            values.setdefault(parent_id or product_id, []).append((code, value))
    return values


def attribute_fields(values):
    """The document's attribute text and facet fields (ATTRIBUTE_FACETS) from (code, value) pairs."""
    fields = {"attributes": " ".join(sorted({value for _code, value in values}))}
    for code, _title in ATTRIBUTE_FACETS:
        fields[code] = sorted({value for c, value in values if c == code})
    return fields


def product_document(row, records, categories, categories_by_path, url):
    """One product's document from its row, its (and its children's) stock records and its
    categories: lowest price, in stock if any record has unallocated stock (or any record
    at all when its type doesn't track stock), category ids with their ancestors."""
    pk, title, description, upc, slug, product_type, track_stock, date_created = row
    prices = [price for price, _n, _a in records if price is not None]
    in_stock = any((n or 0) - (a or 0) > 0 for _p, n, a in records) or (
        bool(records) and track_stock is False)
    return {
        "id": pk,
        "title": title or "",
        "categories": " ".join(name for _path, name in categories),
        "description": strip_tags(description or "")[:5000],
        "upc": upc or "",
        "category_ids": sorted({c for path, _name in categories for c in _ancestry(categories_by_path, path)}),
        "product_type": product_type,
        "price": float(min(prices)) if prices else None,
        "in_stock": in_stock,
        "date_created": date_created.isoformat(),
        "url": url(pk, slug),
    }


def _text_of(value):
    """All the strings inside a StreamField's raw data, tags stripped."""
    if isinstance(value, str):
        return strip_tags(value)
    if isinstance(value, dict):
        return " ".join(_text_of(v) for k, v in value.items() if k not in ("id", "type"))
    if isinstance(value, (list, tuple)):
        return " ".join(_text_of(v) for v in value)
    return ""


def page_documents(ids):
    """(documents for the live, public pages among `ids`, ids that must leave the index)."""
    from wagtail.models import Page

    ids = set(ids)
    pages = Page.objects.filter(pk__in=ids).live().public().exclude(depth__lte=1).specific()
    docs = [page_document(p) for p in pages]
    return docs, sorted(ids - {d["id"] for d in docs})


def page_document(page):
    parts = [page.search_description or "", getattr(page, "intro", "") or ""]
    body = getattr(page, "body", None)
    if body is not None and hasattr(body, "raw_data"):
        parts.append(_text_of(list(body.raw_data)))
    return {
        "id": page.pk,
        "title": page.title,
        "body": " ".join(strip_tags(str(p)) for p in parts if p)[:20000],
        "kind": page_kind(page),
        "url": page.get_url() or page.url_path,
        "date": (page.first_published_at or page.latest_revision_created_at).isoformat()
        if (page.first_published_at or page.latest_revision_created_at) else None,
    }


def page_kind(page):
    return str(page.specific_class._meta.verbose_name).capitalize() if page.specific_class else "Page"


def _sources():
    """For each index: what it should hold (a queryset), and how its documents are built."""
    from wagtail.models import Page

    return {
        "products": (Product.objects.browsable(), product_documents),
        "pages": (Page.objects.live().public().exclude(depth__lte=1), page_documents),
    }


def all_documents(kind, size=1000):
    """(how many, batches of `size` documents) for everything `kind`'s index should hold:
    what the rebuild command and the benchmark index, through the same builders as upkeep."""
    queryset, build = _sources()[kind]
    ids = list(queryset.order_by("pk").values_list("pk", flat=True))
    return len(ids), (build(ids[start:start + size])[0] for start in range(0, len(ids), size))


def has_documents(kind):
    """Whether `kind`'s index should hold anything: if so, an empty one has lost its data."""
    return _sources()[kind][0].exists()
