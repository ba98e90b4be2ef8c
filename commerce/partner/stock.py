"""Stock held for orders, safe under concurrent checkouts.

`lock_stock_for` runs inside the transaction that places the order: it locks the basket's
stock records (SELECT … FOR UPDATE, in primary-key order so two checkouts can't deadlock)
and refuses when any line wants more than is left unallocated. Oscar's order creator then
allocates the stock while the locks are still held, so the check and the allocation are
one step for every other buyer: the last unit is sold once. `release_stock` gives an
order's allocation back when the order is cancelled (receiver wired in apps.py).
"""
from collections import Counter

from oscar.core.loading import get_model

StockRecord = get_model("partner", "StockRecord")


class OutOfStock(Exception):
    """Some basket line wants more than is left; the message names each product."""


def _tracked(line):
    return line.stockrecord_id and line.product.get_product_class().track_stock


def lock_stock_for(basket):
    wanted = Counter()
    titles = {}
    for line in basket.all_lines():
        if _tracked(line):
            wanted[line.stockrecord_id] += line.quantity
            titles[line.stockrecord_id] = line.product.get_title()
    records = StockRecord.objects.select_for_update().filter(pk__in=sorted(wanted)).order_by("pk")
    shortfalls = []
    for record in records:
        left = max((record.num_in_stock or 0) - (record.num_allocated or 0), 0)
        if wanted[record.pk] > left:
            title = titles[record.pk]
            shortfalls.append(f"“{title}” is sold out" if left == 0 else f"only {left} of “{title}” left")
    if shortfalls:
        raise OutOfStock(
            "Sorry, " + "; ".join(shortfalls) + ". Please update your basket; nothing was charged."
        )


def release_stock(order):
    """Cancel the allocation of every line that still holds stock."""
    lines = [line for line in order.lines.select_related("stockrecord", "product__product_class",
                                                          "product__parent__product_class")
             if line.stockrecord_id and line.product and line.product.get_product_class().track_stock]
    ids = sorted({line.stockrecord_id for line in lines})
    list(StockRecord.objects.select_for_update().filter(pk__in=ids).order_by("pk"))
    for line in lines:
        line.stockrecord.cancel_allocation(line.quantity)


def release_stock_of_cancelled_order(sender, order, old_status, new_status, **kwargs):
    if new_status == "Cancelled" and old_status != "Cancelled":
        release_stock(order)
