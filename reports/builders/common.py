"""Query pieces every report shares, so "an order that counts" means one thing everywhere.

Cancelled orders never count. Refunds (payment sources' amount_refunded) are charged
to the order they refund, so a period's net revenue is what its orders finally earned.
"""
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import DateField, DecimalField, F, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce, Lower, NullIf, Trunc
from oscar.core.loading import get_model

from ..periods import shop_tz

Order = get_model("order", "Order")
OrderDiscount = get_model("order", "OrderDiscount")
Source = get_model("payment", "Source")

CANCELLED = "Cancelled"  # the pipeline's only status whose orders earn nothing
CENT = Decimal("0.01")
MONEY = DecimalField(max_digits=14, decimal_places=2)
ZERO = Value(Decimal("0.00"), output_field=MONEY)


def counted_orders(period=None, before=None):
    """Orders that count as sales: not cancelled; placed within `period` or before `before`."""
    orders = Order._default_manager.exclude(status=CANCELLED)
    if period is not None:
        orders = orders.filter(date_placed__gte=period.start, date_placed__lt=period.end)
    if before is not None:
        orders = orders.filter(date_placed__lt=before)
    return orders


def order_refunds(ref="pk"):
    """The amount refunded on an order, as a correlated subquery (0 when none)."""
    refunded = (Source._default_manager.filter(order_id=OuterRef(ref)).values("order_id")
                .annotate(total=Sum("amount_refunded")).values("total"))
    return Coalesce(Subquery(refunded, output_field=MONEY), ZERO)


def order_discounts(ref="pk"):
    """Offer and voucher discounts given on an order (0 when none)."""
    given = (OrderDiscount._default_manager.filter(order_id=OuterRef(ref)).values("order_id")
             .annotate(total=Sum("amount")).values("total"))
    return Coalesce(Subquery(given, output_field=MONEY), ZERO)


def customer_key(prefix=""):
    """Who placed an order: the account's email, else the guest email (lowercased)."""
    return Lower(Coalesce(NullIf(F(f"{prefix}user__email"), Value("")), F(f"{prefix}guest_email")))


def bucket(field, granularity):
    """The local day, week (Monday) or month an instant falls in."""
    return Trunc(field, granularity, output_field=DateField(), tzinfo=shop_tz())


def money(value):
    """A Decimal rounded to the cent, as the string stored in results."""
    return str(Decimal(value or 0).quantize(CENT, rounding=ROUND_HALF_UP))


def ratio(numerator, denominator, places="0.1", scale=100):
    """numerator/denominator × scale, rounded; None when the denominator is zero."""
    if not denominator:
        return None
    return str((Decimal(numerator) * scale / Decimal(denominator)).quantize(Decimal(places), rounding=ROUND_HALF_UP))


def count_distinct_by(queryset, keys, counted):
    """SELECT keys…, COUNT(DISTINCT counted) FROM (queryset) GROUP BY keys.

    For grouping on window-function columns, which SQL can't GROUP BY directly: Django
    writes the inner query (window, time-zone truncation) for the database in use.
    """
    from django.db import connections

    inner = queryset.values(*keys, counted).order_by()
    sql, params = inner.query.sql_with_params()
    columns = ", ".join(connections[inner.db].ops.quote_name(k) for k in keys)
    outer = (f"SELECT {columns}, COUNT(DISTINCT {connections[inner.db].ops.quote_name(counted)}) "
             f"FROM ({sql}) AS grouped GROUP BY {columns} ORDER BY {columns}")
    with connections[inner.db].cursor() as cursor:
        cursor.execute(outer, params)
        return cursor.fetchall()
