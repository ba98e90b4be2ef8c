"""What the search engines store for a product or a page, built from the database in bulk.

One builder for every engine and for the rebuild command, so an indexed product always
carries the same fields: text to match (title over category names over description),
and the values facets and sorting need (category ids with their ancestors, lowest price,
availability, product type, date).
"""
from django.utils.html import strip_tags
from oscar.core.loading import get_model

Product = get_model("catalogue", "Product")
Category = get_model("catalogue", "Category")
StockRecord = get_model("partner", "StockRecord")

STEPLEN = Category.steplen


def _ancestry(categories_by_path, path):
    """Ids of a category and every category above it, from its materialised path."""
    return [categories_by_path[path[:i]] for i in range(STEPLEN, len(path) + 1, STEPLEN)
            if path[:i] in categories_by_path]


def product_documents(ids):
    """(documents for the indexable products among `ids`, ids that must leave the index)."""
    ids = set(ids)
    products = list(
        Product.objects.filter(pk__in=ids, parent=None, is_public=True)
        .select_related("product_class")
        .prefetch_related("categories", "stockrecords", "children__stockrecords")
    )
    categories_by_path = dict(Category.objects.values_list("path", "pk"))
    docs = [product_document(p, categories_by_path) for p in products]
    return docs, sorted(ids - {d["id"] for d in docs})


def product_document(product, categories_by_path):
    records = list(product.stockrecords.all())
    for child in product.children.all():
        records.extend(child.stockrecords.all())
    prices = [r.price for r in records if r.price is not None]
    tracks_stock = product.product_class.track_stock if product.product_class else True
    in_stock = any((r.num_in_stock or 0) - (r.num_allocated or 0) > 0 for r in records) or (
        bool(records) and not tracks_stock)
    categories = list(product.categories.all())
    category_ids = sorted({pk for c in categories for pk in _ancestry(categories_by_path, c.path)})
    return {
        "id": product.pk,
        "title": product.title or "",
        "categories": " ".join(c.name for c in categories),
        "description": strip_tags(product.description or "")[:5000],
        "upc": product.upc or "",
        "category_ids": category_ids,
        "product_type": product.product_class_id,
        "price": float(min(prices)) if prices else None,
        "in_stock": in_stock,
        "date_created": product.date_created.isoformat(),
        "url": product.get_absolute_url(),
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
