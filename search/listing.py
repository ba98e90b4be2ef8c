"""Loading the products a listing shows.

One queryset builder for every listing, so each page runs a fixed number of SQL
queries however many products it shows: stock records, images and categories are
prefetched, and the price/availability strategy reads only prefetched rows.
"""
from django.conf import settings
from django.db.models import Prefetch
from oscar.core.loading import get_model

from pagecache import labels, store

from . import engines

Product = get_model("catalogue", "Product")
ProductImage = get_model("catalogue", "ProductImage")
StockRecord = get_model("partner", "StockRecord")


def listable_products():
    """Public, top-level products with what a product card needs, prefetched."""
    return (
        Product.objects.browsable()
        .select_related("product_class")
        .prefetch_related(
            Prefetch("stockrecords", queryset=StockRecord.objects.select_related("partner")),
            Prefetch("images", queryset=ProductImage.objects.order_by("display_order", "id")),
            # A parent's card prices its versions ("from $X"): their stock records, fetched once.
            Prefetch("children", queryset=Product.objects.prefetch_related(
                Prefetch("stockrecords", queryset=StockRecord.objects.select_related("partner")))),
        )
    )


def products_in_order(ids):
    """The listable products with these ids, in the engine's order. An id the index still
    holds for a product since hidden or deleted is simply left out."""
    if not ids:
        return []
    by_id = {p.pk: p for p in listable_products().filter(pk__in=ids)}
    return [by_id[pk] for pk in ids if pk in by_id]


def product_hits(query, request=None):
    """The engine's answer for a listing, shared by every visitor until what it lists changes.

    Labelled with the listing it answers (pagecache/labels.py): a product saved, or a
    price or stock state changed, in the category's subtree (for search and the whole
    catalogue: anywhere) is searched afresh at once. An answer from the database
    fallback, given while the engine is down, is not kept.
    """
    engine = settings.SEARCH_ENGINE

    def search():
        labels.note(labels.listing(query.within_category))
        return engines.search_products(query)

    return store.shared("hits", request, (engine, repr(query)), search, keep=lambda hits: hits.engine == engine)
