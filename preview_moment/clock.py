"""The shop's clock: the real time, or the moment the current request previews.

What is on show or on sale at a time (promotion, offer and voucher windows, scheduled
pages) asks `shop_now()` rather than `timezone.now()`. The moment lives in a context
variable that the middleware sets for one previewing request and resets after it, so no
other request, thread or task ever sees it. Work that must run on real time (cache
lifetimes, scheduled publishing, payments) keeps calling `timezone.now()`.

Imports nothing of the shop, so any model module may use it.
"""
from contextlib import contextmanager
from contextvars import ContextVar

from django.utils import timezone

_previewed = ContextVar("preview_moment", default=None)


def previewed_moment():
    """The moment this request previews, or None when it sees the shop as it is."""
    return _previewed.get()


def shop_now():
    """Now, as far as what the shop shows and sells is concerned."""
    return _previewed.get() or timezone.now()


@contextmanager
def previewing_at(moment):
    """Inside the block, the shop's clock says `moment`."""
    token = _previewed.set(moment)
    try:
        yield
    finally:
        _previewed.reset(token)
