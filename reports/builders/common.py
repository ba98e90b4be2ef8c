"""Query pieces every report shares, so "an order that counts" means one thing everywhere.

Cancelled orders never count. Refunds (payment sources' amount_refunded) are charged
to the order they refund, so a period's net revenue is what its orders finally earned.
Discounts (OrderDiscount) are already taken off order totals; reports show them beside.
"""
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import DateField, DecimalField, F, Value
from django.db.models.functions import Coalesce, Lower, NullIf, Trunc
from oscar.core.loading import get_model

from ..periods import shop_tz

Order = get_model("order", "Order")

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


def select_from(queryset, outer):
    """Run `outer` (SQL with one {} for the inner query) around a queryset's own SQL.

    For the few groupings SQL can't express on one level (grouping on a window function,
    grouping a UNION): Django still writes the inner query for the database in use.
    """
    from django.db import connections

    sql, params = queryset.query.sql_with_params()
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(outer.format(sql), params)
        return cursor.fetchall()


def count_distinct_by(queryset, keys, counted):
    """SELECT keys…, COUNT(DISTINCT counted) FROM (queryset) GROUP BY keys."""
    from django.db import connections

    quote = connections[queryset.db].ops.quote_name
    columns = ", ".join(quote(k) for k in keys)
    return select_from(queryset.values(*keys, counted).order_by(),
                       f"SELECT {columns}, COUNT(DISTINCT {quote(counted)}) FROM ({{}}) AS grouped "
                       f"GROUP BY {columns} ORDER BY {columns}")
