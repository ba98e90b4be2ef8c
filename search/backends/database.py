"""The embedded engine: products searched and counted straight from the database.

SQLite uses its FTS5 table (Porter stemming, prefixes; no typo tolerance, no "did you
mean"); PostgreSQL a weighted tsvector with typo tolerance and suggestions
(postgres_text.py); other databases match substrings. On each, a version's colour, size or
material finds the product it belongs to (attributes.py). Always current, so it is also the fallback
when Elasticsearch/OpenSearch can't answer. Content pages go through Wagtail's search.
"""
from django.db import connection
from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Lower
from oscar.core.loading import get_model

from ..query import ATTRIBUTE_FACETS, PRICE_RANGES, ProductHits, ProductQuery, words_of
from . import sqlite_fts
from .attributes import attribute_values, with_attribute, with_attribute_word

Product = get_model("catalogue", "Product")
Category = get_model("catalogue", "Category")
ProductCategory = get_model("catalogue", "ProductCategory")
StockRecord = get_model("partner", "StockRecord")

ORDER = {
    "price-asc": (F("price").asc(nulls_last=True), "-id"),
    "price-desc": (F("price").desc(nulls_last=True), "-id"),
    "newest": ("-date_created", "-id"),
    "name": (Lower("title"), "id"),
}


def products_with_facts():
    """Public top-level products with their lowest price and availability as columns.

    A parent product's price and stock are its children's. Own and children's records are
    separate subqueries so each uses an index (an OR across them scans every record).
    """
    own = StockRecord.objects.filter(product=OuterRef("pk"))
    childrens = StockRecord.objects.filter(product__parent=OuterRef("pk"))

    def cheapest(records):
        return Subquery(records.exclude(price=None).order_by("price").values("price")[:1])

    def stocked(records):
        return Exists(records.filter(num_in_stock__gt=Coalesce("num_allocated", 0)))

    return Product.objects.browsable().annotate(
        price=Coalesce(cheapest(own), cheapest(childrens)),
        available=ExpressionWrapper(
            stocked(own) | stocked(childrens)
            | (Q(product_class__track_stock=False) & (Exists(own) | Exists(childrens))),
            output_field=BooleanField(),
        ),
    )


def in_subtree(category_id):
    path = Category.objects.filter(pk=category_id).values("path")[:1]
    return Q(pk__in=ProductCategory.objects.filter(category__path__startswith=Subquery(path)).values("product_id"))


class DatabaseEngine:
    name = "database"

    # --- products ----------------------------------------------------------------------

    def search_products(self, query):
        base = products_with_facts()
        ranked = None
        if query.words:
            base, ranked = self._match(base, query)
        filters = self._filters(query)
        qs = base.filter(*filters.values())
        sort = query.effective_sort
        if sort == "relevance" and ranked is not None:
            qs = qs.annotate(score=ranked).order_by("-score", "-date_created", "-id")
        else:
            qs = qs.order_by(*ORDER.get(sort, ORDER["newest"]))
        total = qs.count()
        ids = list(qs.values_list("pk", flat=True)[query.offset:query.offset + query.per_page])
        hits = ProductHits(ids=ids, total=total, facets=self._facets(base, filters), engine=self.name)
        if not total and query.words:
            hits.suggestion = self.suggest(query.words)
        return hits

    def _filters(self, query):
        """Each facet's filter under its own name, so facets can leave out their own."""
        filters = {}
        if query.within_category:
            filters["within"] = in_subtree(query.within_category)
        if query.category:
            filters["category"] = in_subtree(query.category)
        if query.price:
            bands = Q()
            for key, _label, low, high in PRICE_RANGES:
                if key in query.price:
                    bands |= Q(**({"price__gte": low} if low is not None else {})) & Q(
                        **({"price__lt": high} if high is not None else {}))
            filters["price"] = bands & Q(price__isnull=False)
        if query.in_stock:
            filters["in_stock"] = Q(available=True)
        if query.product_types:
            filters["product_type"] = Q(product_class_id__in=query.product_types)
        for code, values in query.attributes:
            filters[code] = with_attribute(code, values)
        return filters

    def _facets(self, base, filters):
        def without(name):
            return base.filter(*(f for key, f in filters.items() if key != name))

        category_rows = ProductCategory.objects.filter(product__in=without("category").values("pk")).values_list(
            "product_id", "category__path")
        paths = dict(Category.objects.values_list("path", "pk"))
        members = {}
        for product_id, path in category_rows:
            for i in range(Category.steplen, len(path) + 1, Category.steplen):
                if path[:i] in paths:
                    members.setdefault(paths[path[:i]], set()).add(product_id)
        prices = without("price").aggregate(**{
            key: Count("pk", filter=Q(**({"price__gte": low} if low is not None else {}))
                       & Q(**({"price__lt": high} if high is not None else {})) & Q(price__isnull=False))
            for key, _label, low, high in PRICE_RANGES
        })
        types = without("product_type").order_by().values("product_class_id").annotate(n=Count("pk"))
        attributes = {}
        for code, _title in ATTRIBUTE_FACETS:
            listed = without(code).values("pk")
            owners = {}
            for owner, value in attribute_values(code).filter(product__in=listed).values_list("product_id", "value"):
                owners.setdefault(value, set()).add(owner)
            for owner, value in attribute_values(code).filter(product__parent__in=listed, product__is_public=True) \
                    .values_list("product__parent_id", "value"):
                owners.setdefault(value, set()).add(owner)
            attributes[code] = {value: len(ids) for value, ids in owners.items() if value}
        return {
            **attributes,
            "category": {pk: len(ids) for pk, ids in members.items()},
            "price": prices,
            "in_stock": without("in_stock").filter(available=True).count(),
            "product_type": {row["product_class_id"]: row["n"] for row in types if row["product_class_id"]},
        }

    def _match(self, qs, query):
        """(products matching every word, a relevance expression)."""
        if connection.vendor == "postgresql":
            from . import postgres_text

            return postgres_text.match(qs, query.words)
        score = Value(0)
        for word in query.words:
            in_category = Q(pk__in=ProductCategory.objects.filter(category__name__icontains=word).values("product_id"))
            if connection.vendor == "sqlite":
                text = Q(pk__in=fts_ids(word))
            else:
                text = Q(title__icontains=word) | Q(description__icontains=word)
            qs = qs.filter(text | in_category | with_attribute_word(word))
            # Title over category over description, as the search engines weigh them.
            score = score + Case(When(title__icontains=word, then=Value(4)), default=Value(0)) + Case(
                When(in_category, then=Value(2)), default=Value(0))
        return qs, score

    def suggest(self, words):
        """"Did you mean": PostgreSQL only; SQLite has no edit distance to find one with."""
        if connection.vendor != "postgresql":
            return ""
        from . import postgres_text

        return postgres_text.suggest(words)

    def autocomplete(self, words, limit):
        """{"products": [(id, title, url)], "pages": [...]}, titles containing every word."""
        from django.urls import reverse
        from wagtail.models import Page

        qs, score = self._match(Product.objects.browsable(), ProductQuery(text=" ".join(words)))
        rows = qs.annotate(score=score).order_by("-score", "title").values_list("pk", "title", "slug")[:limit]
        products = [(pk, title, reverse("catalogue:detail", kwargs={"product_slug": slug, "pk": pk}))
                    for pk, title, slug in rows]
        pages = Page.objects.live().public().exclude(depth__lte=1)
        for word in words:
            pages = pages.filter(title__icontains=word)
        return {"products": products, "pages": [(p.pk, p.title, p.url) for p in pages.order_by("title")[:limit]]}

    # --- pages ---------------------------------------------------------------------------

    def search_pages(self, text, limit):
        from wagtail.models import Page
        from wagtail.search.backends import get_search_backend

        from ..documents import page_kind

        pages = Page.objects.live().public().exclude(depth__lte=1)
        results = get_search_backend().search(" ".join(words_of(text)), pages, operator="and")
        return [{"id": p.pk, "title": p.title, "url": p.url, "kind": page_kind(p)} for p in results[:limit]]

    # --- upkeep: nothing to do, the database is the index ---------------------------------

    def index_products(self, docs):
        pass

    def delete_products(self, ids):
        pass

    def index_pages(self, docs):
        pass

    def delete_pages(self, ids):
        pass

    def health(self):
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return f"database ({connection.vendor})"


def fts_ids(word):
    from django.db.models.expressions import RawSQL

    return RawSQL(f"SELECT rowid FROM {sqlite_fts.TABLE} WHERE {sqlite_fts.TABLE} MATCH %s",
                  [sqlite_fts.match_expression(word)])

