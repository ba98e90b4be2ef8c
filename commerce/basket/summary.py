"""What the header shows of a basket, its item count and total, without pricing it on every page.

Pricing a basket applies every active offer, and Oscar checks range membership line by
line, several queries a line. The header needs only the count and the total, so they are
kept in the cache per shopper, under the page cache's generation (offers) and labelled
(pagecache/labels.py) with the basket's products (prices, stock) and with the shopper,
whose label any change to their baskets, lines or vouchers forgets. A signed-in
shopper's header then costs no query at all. The basket page and checkout still load,
merge and price the basket in full, as Oscar does. While the cache is unreachable
(config/cache.py) every header prices the basket in full too.
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


def basket_changed(basket_id, owner_id=None):
    """After the change commits, the summary of the basket owner's header is worked out
    afresh (`owner_id` when known, as for a deleted basket; else looked up then)."""
    if not basket_id and not owner_id:
        return

    def forget():
        owner = owner_id or Basket.objects.filter(pk=basket_id).values_list("owner_id", flat=True).first()
        if owner:
            store.forget_labels({labels.shopper(owner)})

    transaction.on_commit(forget)


def summary_of(basket):
    count = basket.num_items if basket.id else 0
    if count:  # a price change to any of its products forgets the summary (pagecache/labels.py)
        labels.note(*(labels.product(line.product_id) for line in basket.all_lines()))
    return BasketSummary(count, basket.total_incl_tax if count else None, basket.currency)


def _summary_worked_out(request):
    labels.note(labels.shopper(request.user.pk))
    # Loading request.basket would create a basket for a shopper who has none: only look.
    if not Basket.open.filter(owner=request.user).exists():
        return BasketSummary(0, None, settings.OSCAR_DEFAULT_CURRENCY)
    return summary_of(request.basket)


def header_summary(request):
    lazy = request.basket
    loaded = getattr(lazy, "_wrapped", None) is not empty
    # A cookie basket beside a signed-in shopper is merged by the full load; so is anyone signed out.
    if (not settings.FRAGMENT_CACHE_SECONDS or loaded or not request.user.is_authenticated
            or request.COOKIES.get(settings.OSCAR_BASKET_COOKIE_OPEN)):
        return summary_of(lazy)
    # While the cache keeps nothing (unreachable) this is worked out in full every time, as Oscar does.
    return store.shared("basket-summary", request, (request.user.pk,), lambda: _summary_worked_out(request))
