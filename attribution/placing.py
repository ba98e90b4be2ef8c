"""When an order is placed, each of its lines keeps the first and the last content touch that led to it.

A touch counts for a line when it added that line's product to the order's basket within
ATTRIBUTION_WINDOW_DAYS before the order was placed; older touches are ignored.
"""
import datetime as dt

from django.conf import settings

from .models import BasketTouch, LineAttribution


def attribute_order_lines(sender, order, **kwargs):
    """Receiver of Oscar's order_placed: one LineAttribution per line that content sold."""
    if not order.basket_id:
        return
    since = order.date_placed - dt.timedelta(days=settings.ATTRIBUTION_WINDOW_DAYS)
    touches = {}
    for touch in BasketTouch.objects.filter(basket_id=order.basket_id, created_at__gte=since,
                                            created_at__lte=order.date_placed):
        touches.setdefault(touch.product_id, []).append(touch)  # oldest first (Meta.ordering)
    LineAttribution.objects.bulk_create(
        LineAttribution(line=line, first_page_id=first.page_id, first_block_type=first.block_type,
                        first_touched_at=first.created_at, last_page_id=last.page_id,
                        last_block_type=last.block_type, last_touched_at=last.created_at)
        for line in order.lines.all() if (found := touches.get(line.product_id))
        for first, last in [(found[0], found[-1])]
    )
