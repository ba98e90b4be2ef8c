"""Who a send reaches: always confirmed subscribers, narrowed by what they bought.

Every segment starts from the addresses that confirmed the newsletter (double opt-in) and
have not opted out since (newsletter.preferences), so consent can't be lost by choosing a
segment. An erased account (security/account_erasure.py) has lost its subscription and its
orders have lost their address, so it is in no segment; the tests check it.

A customer's orders are the ones placed signed in with the address (the account's email)
or as a guest with it: a confirmed subscription proves the subscriber reads that mailbox,
which is what a guest order's address names. The send page counts a segment with
`audience` and the send lists its recipients with the very same query.
"""
from datetime import timedelta

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from oscar.core.loading import get_model

from .models import Send, Subscriber
from .preferences import opted_out

Order = get_model("order", "Order")
Line = get_model("order", "Line")


def confirmed():
    return (Subscriber.objects.filter(status=Subscriber.Status.SUBSCRIBED)
            .exclude(email__in=opted_out("newsletter")))


def _orders_of_subscriber():
    """Orders whose customer is the subscriber of the outer query (signed in or as a guest)."""
    return Order.objects.filter(Q(user__email__iexact=OuterRef("email"))
                                | Q(user__isnull=True, guest_email__iexact=OuterRef("email")))


def bought_from(category):
    """Subscribers with an order line whose product, or its parent, is in `category` or below it."""
    # The tree's materialised path, not get_descendants_and_self(): that trusts the instance's
    # own child count, which is stale on an instance loaded before a subcategory was added.
    subtree = type(category).objects.filter(path__startswith=category.path)
    lines = Line.objects.filter(Q(product__categories__in=subtree) | Q(product__parent__categories__in=subtree))
    orders = _orders_of_subscriber().filter(Exists(lines.filter(order=OuterRef("pk"))))
    return confirmed().filter(Exists(orders))


def no_order_in(days):
    """Subscribers who have ordered, but not in the last `days` days."""
    since = timezone.now() - timedelta(days=days)
    return confirmed().filter(Exists(_orders_of_subscriber())).exclude(
        Exists(_orders_of_subscriber().filter(date_placed__gte=since)))


def never_ordered():
    return confirmed().exclude(Exists(_orders_of_subscriber()))


class SegmentError(ValueError):
    """A segment asked for without the parameter it needs (the send form says which)."""


def audience(segment, *, category=None, days=None):
    """The subscribers a send to `segment` reaches, as a queryset."""
    if segment == Send.Segment.ALL:
        return confirmed()
    if segment == Send.Segment.CATEGORY:
        if category is None:
            raise SegmentError("Choose the category the customers bought from.")
        return bought_from(category)
    if segment == Send.Segment.LAPSED:
        if not days or days < 1:
            raise SegmentError("Give the number of days without an order (1 or more).")
        return no_order_in(days)
    if segment == Send.Segment.NEVER_ORDERED:
        return never_ordered()
    raise SegmentError(f"Unknown segment: {segment}")


def audience_of(send):
    return audience(send.segment, category=send.category, days=send.days)
