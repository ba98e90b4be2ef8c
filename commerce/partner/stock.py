"""Stock held for orders, safe under concurrent checkouts, taken off the shelf when they ship.

`lock_stock_for` runs inside the transaction that places the order: it locks the basket's
stock records (SELECT … FOR UPDATE, in primary-key order so two checkouts can't deadlock)
and refuses when any line wants more than is left unallocated. Oscar's order creator then
allocates the stock while the locks are still held, so the check and the allocation are
one step for every other buyer: the last unit is sold once. Checkout asks `check_stock_for`
(the same question, without locks) before it charges a card, and locks only after Stripe
has answered, so no other buyer waits on the stock rows while a card is being charged.

After placement each order line holds its units on the stock record (`Line.num_allocated`,
Oscar's). The line settles them once, one of two ways (receivers wired in apps.py):

- it ships (the order or the line becomes Shipped, or Delivered straight away):
  `consume_stock` moves the line's units into `Line.num_consumed` and takes them off the
  stock record with `StockRecord.consume_allocation`, so num_in_stock and num_allocated
  both fall;
- it is cancelled (the order or the line): `release_stock` / `release_lines` zero the
  line's allocation, set `Line.allocation_cancelled` and give the units back with
  `StockRecord.cancel_allocation`.

Units that shipped and come back in a return (commerce/returns) are put back on the shelf
with `restock`: num_in_stock rises, under the stock record's row lock.

Both lock the lines, then their stock records, each in primary-key order, and move only
what the line still holds, with an UPDATE conditional on the value read under the lock:
a line that has settled holds nothing, so a second Shipped, a Delivered after Shipped or a
cancellation after a line shipped changes no stock. The database keeps the proof: for
every line `num_consumed + num_allocated <= quantity`, and no line is both consumed and
released (check constraints on order.Line).
"""
from collections import Counter

from django.db import transaction
from django.db.models import F
from oscar.core.loading import get_model

StockRecord = get_model("partner", "StockRecord")
Line = get_model("order", "Line")

#: Statuses (of an order or a line) whose goods have left the shelf.
SHIPPED_STATUSES = ("Shipped", "Delivered")
CANCELLED = "Cancelled"


class OutOfStock(Exception):
    """Some basket line wants more than is left; the message names each product."""


class StockCountTooLow(Exception):
    """Shipped lines can't be taken off their stock records: a record holds fewer units than
    they ship (in stock or allocated); the message names each product. Nothing was changed."""


def _tracked(line):
    return line.stockrecord_id and line.product.get_product_class().track_stock


def lock_stock_for(basket):
    """Lock the basket's stock records and raise OutOfStock unless every line can be had."""
    _check(basket, lock=True)


def check_stock_for(basket):
    """OutOfStock unless every line can be had right now (no locks: another buyer may still win)."""
    _check(basket, lock=False)


def _check(basket, lock):
    wanted = Counter()
    titles = {}
    for line in basket.all_lines():
        if _tracked(line):
            wanted[line.stockrecord_id] += line.quantity
            titles[line.stockrecord_id] = line.product.get_title()
    records = StockRecord.objects.select_for_update() if lock else StockRecord.objects
    records = records.filter(pk__in=sorted(wanted)).order_by("pk")
    shortfalls = []
    for record in records:
        left = max((record.num_in_stock or 0) - (record.num_allocated or 0), 0)
        if wanted[record.pk] > left:
            title = titles[record.pk]
            shortfalls.append(f"“{title}” is sold out" if left == 0 else f"only {left} of “{title}” left")
    if shortfalls:
        raise OutOfStock("Sorry, " + "; ".join(shortfalls) + ". Please update your basket.")


def _holding_stock(lines):
    """The lines that still hold stock on a tracked stock record, and those records by id,
    re-read under row locks: the lines, then the stock records, each in primary-key order."""
    ids = sorted({line.pk for line in lines})
    holding = list(Line._default_manager.select_for_update(of=("self",))
                   .filter(pk__in=ids, num_allocated__gt=0, stockrecord__isnull=False).order_by("pk"))
    records = {record.pk: record for record in StockRecord._default_manager.select_for_update(of=("self",))
               .filter(pk__in=sorted({line.stockrecord_id for line in holding}))
               .select_related("product__product_class", "product__parent__product_class").order_by("pk")}
    holding = [line for line in holding if records[line.stockrecord_id].can_track_allocations]
    return holding, records


def _settle(line, **fields):
    """Empty the line's allocation if it still holds what was read under the lock; True if it did."""
    return bool(Line._default_manager.filter(pk=line.pk, num_allocated=line.num_allocated)
                .update(num_allocated=0, **fields))


def consume_stock(lines):
    """Take the shipped lines' units off the shelf, each line once; raises StockCountTooLow."""
    with transaction.atomic():
        holding, records = _holding_stock(lines)
        wanted = Counter()
        for line in holding:
            wanted[line.stockrecord_id] += line.num_allocated
        shortfalls = []
        for pk, quantity in sorted(wanted.items()):
            record = records[pk]
            in_stock, allocated = record.num_in_stock or 0, record.num_allocated or 0
            if quantity > min(in_stock, allocated):
                title = record.product.get_title()
                shortfalls.append(f"the stock record of “{title}” has {in_stock} in stock and {allocated} allocated, "
                                  f"fewer than the {quantity} shipped")
        if shortfalls:
            raise StockCountTooLow("; ".join(shortfalls))
        for line in holding:
            if _settle(line, num_consumed=F("num_consumed") + line.num_allocated):
                records[line.stockrecord_id].consume_allocation(line.num_allocated)


def release_lines(lines):
    """Give back what the cancelled lines still hold; units already shipped stay consumed."""
    with transaction.atomic():
        holding, records = _holding_stock(lines)
        for line in holding:
            if _settle(line, allocation_cancelled=True):
                records[line.stockrecord_id].cancel_allocation(line.num_allocated)


def restock(counts):
    """Put returned units back on the shelf: `counts` is {order line: units}, tracked lines only.

    The stock records are locked in primary-key order (as everywhere here) and saved, so
    the low-stock alerts and page caches that watch StockRecord see the change.
    """
    wanted = Counter()
    for line, units in counts.items():
        if units > 0 and _tracked(line):
            wanted[line.stockrecord_id] += units
    with transaction.atomic():
        for record in StockRecord._default_manager.select_for_update().filter(pk__in=sorted(wanted)).order_by("pk"):
            record.num_in_stock = (record.num_in_stock or 0) + wanted[record.pk]
            record.save(update_fields=["num_in_stock"])


def release_stock(order):
    """Cancel the allocation of every line of the order that still holds stock."""
    release_lines(order.lines.all())


def release_stock_of_cancelled_order(sender, order, old_status, new_status, **kwargs):
    if new_status == CANCELLED and old_status != CANCELLED:
        release_stock(order)


def consume_stock_of_shipped_order(sender, order, old_status, new_status, **kwargs):
    """Shipped, or Delivered without Shipped first: every line not cancelled on its own left.

    Only on entering the shipped stage: Delivered after Shipped has nothing left to take
    (and an order shipped before stock was consumed isn't guessed at when it's delivered)."""
    if new_status in SHIPPED_STATUSES and old_status not in SHIPPED_STATUSES:
        consume_stock(order.lines.exclude(status=CANCELLED))


def settle_stock_of_line(sender, line, old_status, new_status, **kwargs):
    """A line moved on its own (the dashboard's line status form): ship or cancel just that line."""
    if new_status in SHIPPED_STATUSES and old_status not in SHIPPED_STATUSES:
        consume_stock([line])
    elif new_status == CANCELLED:
        release_lines([line])
