"""When an order is placed, each of its lines keeps the first and the last content touch that led to it.

A touch counts for a line when it added that line's product to the order's basket within
ATTRIBUTION_WINDOW_DAYS before the order was placed; older touches are ignored. An email
touch (an add made after clicking a marketing email's link) counts when the click was within
EMAIL_ATTRIBUTION_DAYS before the order; the line keeps the last such email.
"""
import datetime as dt

from django.conf import settings

from .models import BasketTouch, LineAttribution


def attribute_order_lines(sender, order, **kwargs):
    """Receiver of Oscar's order_placed: one LineAttribution per line that content sold."""
    if not order.basket_id:
        return
    since = order.date_placed - dt.timedelta(days=settings.ATTRIBUTION_WINDOW_DAYS)
    clicked_since = order.date_placed - dt.timedelta(days=settings.EMAIL_ATTRIBUTION_DAYS)
    touches, emails = {}, {}
    for touch in BasketTouch.objects.filter(basket_id=order.basket_id, created_at__gte=min(since, clicked_since),
                                            created_at__lte=order.date_placed):  # oldest first (Meta.ordering)
        if touch.email_key:
            if touch.clicked_at and touch.clicked_at >= clicked_since:
                emails[touch.product_id] = touch  # the last email wins
        elif touch.created_at >= since:
            touches.setdefault(touch.product_id, []).append(touch)
    LineAttribution.objects.bulk_create(
        _attribution(line, touches.get(line.product_id, []), emails.get(line.product_id))
        for line in order.lines.all() if line.product_id in touches or line.product_id in emails
    )


def _attribution(line, found, email):
    first, last = (found[0], found[-1]) if found else (None, None)
    return LineAttribution(
        line=line, first_page_id=first and first.page_id, first_block_type=first.block_type if first else "",
        first_touched_at=first and first.created_at, last_page_id=last and last.page_id,
        last_block_type=last.block_type if last else "", last_touched_at=last and last.created_at,
        email_key=email.email_key if email else "", email_clicked_at=email and email.clicked_at)
