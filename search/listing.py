"""Product listings for catalogue pages and search results.

One queryset builder for every listing, so each page runs a fixed number of SQL
queries however many products it shows: stock records, images and categories are
prefetched, and the price/availability strategy reads only prefetched rows.
"""
from django.db.models import Prefetch
from oscar.core.loading import get_model

Product = get_model("catalogue", "Product")
ProductImage = get_model("catalogue", "ProductImage")
StockRecord = get_model("partner", "StockRecord")

SORTS = {
    "relevance": None,
    "newest": ("-date_created", "-id"),
    "name": ("title", "id"),
}


def listable_products():
    """Public, top-level products with what a product card needs, prefetched."""
    return (
        Product.objects.browsable()
        .select_related("product_class")
        .prefetch_related(
            Prefetch("stockrecords", queryset=StockRecord.objects.select_related("partner")),
            Prefetch("images", queryset=ProductImage.objects.order_by("display_order", "id")),
            "children",
        )
    )


def in_category(queryset, category):
    """Products in a category or any category beneath it."""
    subtree = category.get_descendants_and_self()
    return queryset.filter(categories__in=subtree).distinct()


def sort(queryset, key):
    order = SORTS.get(key) or SORTS["newest"]
    return queryset.order_by(*order)
