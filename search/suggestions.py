"""Autocomplete: what the header search box offers while a shopper types."""
from oscar.core.loading import get_model

from . import engines
from .query import words_of

Category = get_model("catalogue", "Category")
LIMIT = 10
MIN_CHARS = 2
# How the ten places are shared out before leftovers are handed on: products first.
QUOTA = {"product": 6, "category": 2, "page": 2}


def suggestions(text, limit=LIMIT):
    """[{"kind", "label", "url"}] for `text`, or None when there is too little to go on."""
    words = words_of(text)
    if len("".join(words)) < MIN_CHARS:
        return None
    found = engines.autocomplete(words, limit)
    categories = Category.objects.browsable()
    for word in words:
        categories = categories.filter(name__icontains=word)
    groups = {
        "product": [{"kind": "product", "label": title, "url": url} for _id, title, url in found["products"]],
        "category": [{"kind": "category", "label": c.name, "url": c.get_absolute_url()}
                     for c in categories.order_by("depth", "name")[:limit]],
        "page": [{"kind": "page", "label": title, "url": url} for _id, title, url in found["pages"]],
    }
    chosen = {kind: items[:QUOTA[kind]] for kind, items in groups.items()}
    spare = limit - sum(len(items) for items in chosen.values())
    for kind, items in groups.items():  # hand unused places to whatever has more
        extra = items[len(chosen[kind]):len(chosen[kind]) + max(spare, 0)]
        chosen[kind] += extra
        spare -= len(extra)
    return [item for kind in QUOTA for item in chosen[kind]][:limit]


