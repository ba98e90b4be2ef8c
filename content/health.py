"""Content health: live pages that show what a shopper can no longer buy or use.

A product block keeps showing a product's id long after the merchandisers sold it out,
hid it or deleted it, and a promotion banner keeps pointing at a promotion whose offer
ended. Shoppers see such blocks collapse (content/blocks/shoppable.py), so nobody notices
the page has lost what it was written to sell. This report finds them, page by page,
and suggests up to three similar products a shopper can buy to put in instead: found by
the site's search on the gone product's title and category, else from its categories.
It reads the pages' current StreamFields (not the featuring index), so deleted products
are found too. Editors see it under Reports in /cms/; those who opted in get it by email
every morning (content/tasks.py).
"""
import logging
from collections import Counter
from dataclasses import dataclass, field

from django.utils import timezone
from oscar.core.loading import get_model
from wagtail.models import Page

from content.blocks.shoppable import PromotionBannerBlock, on_sale
from content.featuring import embedded, stream_blocks

REPLACEMENTS = 3
SEARCHED_WORDS = 4  # the longest words of a gone product's title and category, each searched on its own
CANDIDATES = 30  # looked at to find REPLACEMENTS buyable ones
SHORTEST_WORD = 3  # "of", "and", "no" find everything
logger = logging.getLogger(__name__)
Product = get_model("catalogue", "Product")


@dataclass
class Problem:
    page: Page
    what: str  # the product's or the promotion's name
    issue: str  # "sold out", "hidden", "unavailable", "deleted", "promotion ended", "offer ended", "voucher ended"
    replacements: list = field(default_factory=list)

    @property
    def summary(self):
        return f"{self.page.title}: {self.what} ({self.issue})"


def in_stock(product):
    """Whether some version of the product can be bought now (products that track no stock always can)."""
    sellers = list(product.children.all()) if product.is_parent else [product]
    return any(not seller.get_product_class().track_stock or (record.net_stock_level or 0) > 0
               for seller in sellers for record in seller.stockrecords.all() if record.price is not None)


def product_issue(product):
    if product is None:
        return "deleted"
    if not product.is_public:
        return "hidden"
    if not on_sale(product):
        return "unavailable"
    if not in_stock(product):
        return "sold out"
    return None


def replacements_for(product):
    """Up to three similar products that are public, priced and in stock: what search finds for
    the gone product's title and category, or, when it finds nothing or fails, products from
    the same categories by title. A deleted product has nothing left to search with."""
    if product is None:
        return []
    return _similar_by_search(product) or _from_its_categories(product)


def _search_words(product):
    from search.query import words_of

    category = product.categories.first()
    words = dict.fromkeys(w for w in words_of(f"{product.get_title()} {category.name if category else ''}")
                          if len(w) >= SHORTEST_WORD)
    return sorted(words, key=len, reverse=True)[:SEARCHED_WORDS]


def _similar_by_search(product):
    """Each word is searched on its own, because every engine matches all of a query's words
    (search/backends), and the whole title finds little besides the product itself. The
    products matching most words come first, then by the engine's relevance. The search layer
    answers from the database when the engine is down (search/engines.py); anything else going
    wrong leaves the categories to suggest."""
    from search import engines
    from search.listing import products_in_order
    from search.query import ProductQuery

    matched, best_rank = Counter(), {}
    try:
        for word in _search_words(product):
            hits = engines.search_products(ProductQuery(text=word, in_stock=True, per_page=CANDIDATES))
            for rank, pk in enumerate(hits.ids):
                matched[pk] += 1
                best_rank[pk] = min(best_rank.get(pk, rank), rank)
    except Exception:  # noqa: BLE001  the report must still list the problem, with the categories' picks
        logger.warning("Search failed while finding replacements for product %s", product.pk, exc_info=True)
        return []
    matched.pop(product.pk, None)
    matched.pop(product.parent_id, None)
    ids = sorted(matched, key=lambda pk: (-matched[pk], best_rank[pk]))
    return _buyable(products_in_order(ids))


def _from_its_categories(product):
    from search.listing import listable_products

    candidates = (listable_products().filter(categories__in=product.categories.all()).exclude(pk=product.pk)
                  .distinct().order_by("title")[:CANDIDATES])
    return _buyable(candidates)


def _buyable(candidates):
    """The first few a shopper can buy now (the engine's stock flag may lag behind the stock records)."""
    return [c for c in candidates if on_sale(c) and in_stock(c)][:REPLACEMENTS]


def _ended(moment, now):
    return moment is not None and moment <= now


def promotion_issues(promotion, now):
    """What has ended of a promotion page: the promotion itself, its offer or its voucher."""
    if promotion is None or not promotion.live:
        return ["promotion ended"]
    promotion = promotion.specific
    issues = []
    if promotion.ends_at is not None and promotion.ends_at <= now:
        issues.append("promotion ended")
    if promotion.offer is not None and (_ended(promotion.offer.end_datetime, now) or not promotion.offer.is_open):
        issues.append("offer ended")
    if promotion.voucher is not None and _ended(promotion.voucher.end_datetime, now):
        issues.append("voucher ended")
    return issues


def problems():
    """Every problem on every live page, pages by title."""
    now = timezone.now()
    pages = list(Page.objects.live().order_by("title").specific())
    shown = {page.pk: [pk for pk, _ in embedded(page) if isinstance(pk, int)] for page in pages}
    products = Product.objects.prefetch_related("stockrecords", "children__stockrecords").in_bulk(
        {pk for ids in shown.values() for pk in ids})
    found = []
    for page in pages:
        for pk in dict.fromkeys(shown[page.pk]):
            product = products.get(pk)
            issue = product_issue(product)
            if issue:
                found.append(Problem(page, product.get_title() if product else f"Product #{pk}", issue,
                                     replacements_for(product)))
        promotions = [page] if page.specific_class.__name__ == "PromotionPage" else []
        banners = [value.get("promotion") for block, _, value in stream_blocks(page)
                   if isinstance(block, PromotionBannerBlock) and isinstance(value, dict)]
        promotions += [Page.objects.filter(pk=pk).first() for pk in banners if pk]
        for promotion in promotions:
            for issue in promotion_issues(promotion, now):
                found.append(Problem(page, promotion.title if promotion else "A deleted promotion", issue))
    return found
