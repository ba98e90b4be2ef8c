"""What the header shows of a basket, its item count and total, without pricing it on every page.

Pricing a basket applies every active offer, and Oscar checks range membership line by
line, several queries a line. The header needs only the count and the total, so they are
kept in the cache per basket, under the page cache's generation (offers), labelled with
its products (prices, stock) and under a version of the basket's own that any change to its lines or vouchers replaces.
A signed-in shopper's header then costs one query, their open basket's id. The basket
page and checkout still load, merge and price the basket in full, as Oscar does. While
the cache is unreachable (config/cache.py) every header prices the basket in full too.
"""
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils.functional import empty
from oscar.core.loading import get_model

from pagecache import labels, store

Basket = get_model("basket", "Basket")


@dataclass(frozen=True)
class BasketSummary:
    num_items: int
    total_incl_tax: Decimal | None
    currency: str


def _version_key(basket_id):
    return f"basket-version:{basket_id}"


def basket_changed(basket_id):
    """After the change commits, summaries of this basket are worked out afresh."""
    if basket_id:
        transaction.on_commit(lambda: store.renew(_version_key(basket_id)))


def summary_of(basket):
    count = basket.num_items if basket.id else 0
    if count:  # a price change to any of its products forgets the summary (pagecache/labels.py)
        labels.note(*(labels.product(line.product_id) for line in basket.all_lines()))
    return BasketSummary(count, basket.total_incl_tax if count else None, basket.currency)


def header_summary(request):
    lazy = request.basket
    loaded = getattr(lazy, "_wrapped", None) is not empty
    # A cookie basket beside a signed-in shopper is merged by the full load; so is anyone signed out.
    if (not settings.FRAGMENT_CACHE_SECONDS or loaded or not request.user.is_authenticated
            or request.COOKIES.get(settings.OSCAR_BASKET_COOKIE_OPEN)):
        return summary_of(lazy)
    basket_id = Basket.open.filter(owner=request.user).values_list("id", flat=True).first()
    if basket_id is None:
        return BasketSummary(0, None, settings.OSCAR_DEFAULT_CURRENCY)
    version = store.token(_version_key(basket_id))
    if version is None:  # the cache keeps nothing just now (unreachable): priced in full, as Oscar does
        return summary_of(lazy)
    return store.shared("basket-summary", request, (basket_id, version), lambda: summary_of(lazy))
