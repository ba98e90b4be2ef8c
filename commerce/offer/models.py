"""Oscar's offers, forked so pricing a basket checks range membership once per range.

Oscar asks `Range.contains_product` line by line, one query each time (several per line
when an offer's condition and benefit both look), so a basket page grew in queries with
its lines whenever an offer was running. The applicator (applicator.py) now learns which
of the basket's products each range holds in one query, and `contains_product` answers
from that for the rest of the request (commerce/basket/middleware.py scopes it); any
other product is still asked about Oscar's way.

Offers are also judged running on the shop's clock (preview_moment/clock.py `shop_now`)
rather than Oscar's `now()`, so staff previewing a later moment are priced with the offers
of that moment.
"""
import contextvars
from contextlib import contextmanager, nullcontext

from django.db import models
from oscar.apps.offer.abstract_models import AbstractBenefit, AbstractCondition, AbstractConditionalOffer, AbstractRange

from preview_moment.clock import shop_now

_known = contextvars.ContextVar("offer_range_members", default=None)


class Range(AbstractRange):
    def contains_product(self, product):
        known = _known.get()
        if known is not None and self.pk in known:
            asked, members = known[self.pk]
            if product.pk in asked:
                return product.pk in members
        return super().contains_product(product)


class RunningOfferManager(models.Manager):
    """Oscar's ActiveOfferManager (open offers inside their dates), on the shop's clock."""

    def get_queryset(self):
        moment = shop_now()
        return super().get_queryset().filter(
            models.Q(end_datetime__gte=moment) | models.Q(end_datetime=None),
            models.Q(start_datetime__lte=moment) | models.Q(start_datetime=None),
            status=self.model.OPEN)


class ConditionalOffer(AbstractConditionalOffer):
    objects = models.Manager()  # stays the default manager: every offer, running or not
    active = RunningOfferManager()

    def is_available(self, user=None, test_date=None):
        return super().is_available(user, test_date or shop_now())


class _ProxyKeepsRange:
    """Oscar's condition and benefit hand pricing a proxy (CountCondition, PercentageBenefit…)
    built from their fields, without the range already loaded with the offer: each proxy
    loaded it again. The proxy now starts with the same range."""

    def proxy(self):
        proxied = super().proxy()
        loaded = self._state.fields_cache
        if proxied is not self and "range" in loaded and "range" not in proxied._state.fields_cache:
            proxied._state.fields_cache["range"] = loaded["range"]
        return proxied


class Condition(_ProxyKeepsRange, AbstractCondition):
    pass


class Benefit(_ProxyKeepsRange, AbstractBenefit):
    pass


def range_members(ranges, products):
    """{range id: (ids asked about, ids it holds)}: one query per range."""
    ids = {product.pk for product in products}
    return {r.pk: (ids, set(r.product_queryset.filter(id__in=ids).values_list("id", flat=True)))
            for r in ranges if not r.proxy_class}  # a custom proxy decides in its own way


def remember_range_members(table):
    """Keep the answers for the rest of this request (the basket page also asks after
    pricing, for its upsell messages); outside a request, only for the block."""
    scope = _known.get()
    if scope is not None:
        scope.update(table)
        return nullcontext()
    return _answering_from(table)


@contextmanager
def _answering_from(table):
    token = _known.set(table)
    try:
        yield
    finally:
        _known.reset(token)


def request_scope():
    """What the basket middleware wraps each request in: answers never outlive it."""
    return _answering_from({})


from oscar.apps.offer.models import *  # noqa: E402,F401,F403  the rest stay Oscar's
