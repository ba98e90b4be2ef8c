"""What content sold: items, revenue and refunds of the order lines content pages led to.

The rules, shared by the merchandisers' report and the page's own figure in the admin:

- Orders count as in every report (reports/builders/common.py): placed in the period, and
  never once cancelled (a cancelled order sold nothing, so it is left out entirely).
- A line is credited to its last touch (the last page and block it was added from within
  the window); the report also shows each page's first-touch revenue beside it.
- Revenue is the line's value after discounts (no delivery, no order-level tax lines).
- Refunds count against the page. Every refund, however made (the dashboard, a return,
  Stripe's own dashboard), ends up in the order's payment sources' amount_refunded
  (commerce/payments/ledger.py). An order's refunds come off its goods first, up to their
  value (delivery and tax last), shared among its lines in proportion to their value:
  line refund = min(order refunded, order goods) × line value / order goods.
  So refunding a whole line of a one-line order takes exactly its value back.
"""
import datetime as dt

from django.db.models import Case, F, OuterRef, Subquery, Sum, When
from django.db.models.functions import Coalesce, Least
from oscar.core.loading import get_model

from reports.builders.common import MONEY, ZERO, counted_orders
from reports.periods import Period, shop_today

from .models import LineAttribution

Line = get_model("order", "Line")
Source = get_model("payment", "Source")


def _per_order(model, field):
    sums = model._default_manager.filter(order=OuterRef("line__order")).values("order").annotate(s=Sum(field))
    return Coalesce(Subquery(sums.values("s"), output_field=MONEY), ZERO, output_field=MONEY)


def _valued(attributions):
    """Each attribution with its line's `value` and `refunded` (its share of the order's refunds)."""
    refunded, goods = _per_order(Source, "amount_refunded"), _per_order(Line, "line_price_incl_tax")
    share = Case(When(**{"goods__gt": 0}, then=Least(F("order_refunded"), F("goods")) * F("value") / F("goods")),
                 default=ZERO, output_field=MONEY)
    return (attributions.annotate(value=F("line__line_price_incl_tax"), order_refunded=refunded, goods=goods)
            .annotate(refunded=share))


def attributed_lines(period):
    """Lines content pages led to, of the orders counted in `period`, each with `value` and `refunded`."""
    return _valued(LineAttribution.objects.filter(line__order__in=counted_orders(period),
                                                  last_touched_at__isnull=False))


def email_lines(email_keys, days, period=None):
    """Lines bought after a click on one of the emails in `email_keys` (a Q on `email_key`), in
    orders that count (placed in `period`, if given), placed within `days` of that click; with
    `value` and `refunded`."""
    return _valued(LineAttribution.objects.filter(email_keys, line__order__in=counted_orders(period))
                   .filter(line__order__date_placed__lte=F("email_clicked_at") + dt.timedelta(days=days)))


def send_of(email_key):
    """The send an outbox key belongs to: "newsletter:12:345" → "newsletter:12"."""
    return email_key.rsplit(":", 1)[0] if email_key.count(":") >= 2 else email_key


def sums_by_send(lines):
    """[{send, items, revenue, refunds}] of email lines, most revenue first (sends are key prefixes)."""
    sends = {}
    for row in sums_by(lines, "email_key"):
        total = sends.setdefault(send_of(row["email_key"]), {"items": 0, "revenue": 0, "refunds": 0})
        for measure in total:
            total[measure] += row[measure] or 0
    return sorted(({"send": send, **total} for send, total in sends.items()), key=lambda r: (-r["revenue"], r["send"]))


def sums_by(lines, *keys):
    """[{keys…, items, revenue, refunded}] grouped on `keys`, most revenue first."""
    return list(lines.values(*keys).annotate(
        items=Sum("line__quantity"), revenue=Coalesce(Sum("value"), ZERO, output_field=MONEY),
        refunds=Coalesce(Sum("refunded"), ZERO, output_field=MONEY)).order_by("-revenue", *keys))


def totals(lines):
    return lines.aggregate(items=Sum("line__quantity"), revenue=Coalesce(Sum("value"), ZERO, output_field=MONEY),
                           refunds=Coalesce(Sum("refunded"), ZERO, output_field=MONEY))


def page_sales(page, period):
    """What `page` sold (last touch) in `period`: {items, revenue, refunds} (Decimals, unrounded)."""
    figures = totals(attributed_lines(period).filter(last_page=page))
    return {**figures, "items": figures["items"] or 0}


def last_days(days=30):
    """The `days` local days up to and including today."""
    today = shop_today()
    return Period(today - dt.timedelta(days=days - 1), today)
