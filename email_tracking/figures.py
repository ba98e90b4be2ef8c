"""One send's figures for staff: delivered, opened, clicked, unsubscribed, and what its clicks sold.

A send is every outbox key under one prefix ("newsletter:12" covers "newsletter:12:345" but
not "newsletter:120:1"). Revenue is attribution's (attribution/figures.py): order lines
whose basket add followed a click on one of the send's emails, in orders that count (never
cancelled) placed within `days` of the click (EMAIL_ATTRIBUTION_DAYS when not given, and
never more: placing keeps only clicks inside that window). Refunds are shown beside it.
"""
from django.conf import settings
from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce

from attribution.figures import email_lines
from newsletter.models import Subscriber
from outbox.models import OutgoingEmail
from reports.builders.common import MONEY, ZERO

from .models import EmailClick, EmailOpen


def of_send(field, key_prefix):
    """Q for `field` being one of the send's outbox keys."""
    prefix = key_prefix.rstrip(":")
    return Q(**{field: prefix}) | Q(**{f"{field}__startswith": f"{prefix}:"})


def figures(key_prefix, *, days=None):
    days = settings.EMAIL_ATTRIBUTION_DAYS if days is None else min(days, settings.EMAIL_ATTRIBUTION_DAYS)
    sold = email_lines(of_send("email_key", key_prefix), days).aggregate(
        orders=Count("line__order", distinct=True), items=Sum("line__quantity"),
        revenue=Coalesce(Sum("value"), ZERO, output_field=MONEY),
        refunds=Coalesce(Sum("refunded"), ZERO, output_field=MONEY))
    return {
        "delivered": OutgoingEmail.objects.filter(of_send("key", key_prefix),
                                                  status=OutgoingEmail.Status.SENT).count(),
        "opened": EmailOpen.objects.filter(of_send("key", key_prefix)).count(),  # one row per email
        "clicked": EmailClick.objects.filter(of_send("key", key_prefix)).values("key").distinct().count(),
        "unsubscribed": Subscriber.objects.filter(of_send("unsubscribed_via", key_prefix)).count(),
        "orders": sold["orders"], "items": sold["items"] or 0,
        "revenue": sold["revenue"], "refunds": sold["refunds"], "days": days,
    }


def rate(count, delivered):
    """count as a whole-number percentage of delivered, or None before anything was delivered."""
    return round(100 * count / delivered) if delivered else None
