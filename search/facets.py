"""Facet counts from the engine turned into what the listing template shows: each
choice with its count, whether it is chosen, and the link that toggles it."""
from oscar.core.loading import get_model

from .query import ATTRIBUTE_FACETS, PRICE_RANGES

Category = get_model("catalogue", "Category")
ProductClass = get_model("catalogue", "ProductClass")


def toggle_url(request, name, value, only_one=False):
    params = request.GET.copy()
    params.pop("page", None)
    values = params.getlist(name)
    value = str(value)
    if value in values:
        values.remove(value)
    else:
        values = [value] if only_one else values + [value]
    params.setlist(name, values)
    return "?" + params.urlencode()


def _choice(request, name, value, label, count, chosen, only_one=False, **extra):
    return {"label": label, "count": count, "chosen": chosen, "url": toggle_url(request, name, value, only_one),
            **extra}


def facet_groups(request, hits, query, within=None):
    """[{"name", "title", "choices": [...]}] for the categories, price, availability and type."""
    counts = hits.facets
    categories = []
    tree = Category.objects.browsable().order_by("path")
    if within is not None:
        tree = tree.filter(path__startswith=within.path, depth__gt=within.depth)
    for c in tree.only("pk", "name", "depth", "path"):
        n = counts.get("category", {}).get(c.pk, 0)
        if n or c.pk == query.category:
            categories.append(_choice(request, "category", c.pk, c.name, n, c.pk == query.category,
                                      only_one=True, depth=c.depth - (within.depth if within else 0)))
    prices = [_choice(request, "price", key, label, counts.get("price", {}).get(key, 0), key in query.price)
              for key, label, *_ in PRICE_RANGES]
    types = [_choice(request, "type", pc.pk, pc.name, counts.get("product_type", {}).get(pc.pk, 0),
                     pc.pk in query.product_types)
             for pc in ProductClass.objects.filter(pk__in=list(counts.get("product_type", {}))).order_by("name")]
    stock = [_choice(request, "in_stock", "1", "In stock", counts.get("in_stock", 0), query.in_stock)]
    groups = [
        {"name": "category", "title": "Category", "choices": categories},
        {"name": "price", "title": "Price", "choices": [p for p in prices if p["count"] or p["chosen"]]},
        {"name": "in_stock", "title": "Availability", "choices": stock},
        {"name": "type", "title": "Product type", "choices": types if len(types) > 1 or query.product_types else []},
    ]
    chosen = dict(query.attributes)
    for code, title in ATTRIBUTE_FACETS:  # only where the products listed have the attribute
        found = counts.get(code, {})
        values = sorted(set(found) | set(chosen.get(code, ())), key=str.lower)
        groups.append({"name": code, "title": title, "choices": [
            _choice(request, code, v, v, found.get(v, 0), v in chosen.get(code, ())) for v in values]})
    return [g for g in groups if g["choices"]]
