"""Labels: what a cached page or fragment shows, so that a change forgets only what shows it.

While a page or a shared fragment renders, whatever shows a thing of the catalogue or of
the content notes that thing's label (`note`): a product card notes its product, a
listing its category, a content page itself and its ancestors (the breadcrumbs), the
menu the menu. The labels are stored with the page (pagecache/store.py `stamp`), and a
change forgets the labels it touches (pagecache/invalidation.py): a page is served only
while none of its labels has been forgotten since it was rendered. A fragment's labels
are the page's too, whether the fragment was rendered or reused.

Collection follows the code that renders, not the request object, so a template tag, a
block's value or a listing's query can note what it shows without being handed anything.
"""
from contextlib import contextmanager
from contextvars import ContextVar

MENU = "menu"  # the header's pages and categories
_collecting = ContextVar("pagecache_labels", default=None)


def product(pk):
    """A product as any page shows it: its page, its card in listings, blocks and the basket."""
    return f"product:{pk}"


def listing(category_id=None):
    """Which products a listing of this category's subtree holds, in which order, with which
    facet counts; None is every listing that isn't a category's (the catalogue, search)."""
    return f"listing:{category_id or 'all'}"


def featured_in(pk):
    """Which live pages feature a product (its page's "Featured in": content/featuring.py)."""
    return f"featured:{pk}"


def story(pk):
    """A product's live story on its page (content/product_stories.py)."""
    return f"story:{pk}"


def shopper(pk):
    """A signed-in shopper's own baskets (the header's count and total, kept per shopper)."""
    return f"shopper:{pk}"


def page(path):
    """A content page, by its tree path (which its descendants' breadcrumbs show)."""
    return f"page:{path}"


def page_and_ancestors(path, steplen=4):
    return [page(path[:end]) for end in range(steplen, len(path) + 1, steplen)]


def pages_of(model):
    """The lists of one kind of page (the journal's posts on the home page and the journal)."""
    return f"pages:{model._meta.label_lower}"


def note(*labels):
    """What is being rendered shows these; nothing happens when nothing is collecting."""
    found = _collecting.get()
    if found is not None:
        found.update(labels)


@contextmanager
def collecting():
    """The labels noted inside the block; they count for any collection around it too."""
    outer = _collecting.get()
    found = set()
    reset = _collecting.set(found)
    try:
        yield found
    finally:
        _collecting.reset(reset)
        if outer is not None:
            outer.update(found)
