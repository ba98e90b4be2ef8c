"""Queuing one reminder: checked again at send time, priced now, recorded once.

The due-basket query (basket_reminders.due) can't see two things, so they are checked
here for each due basket: whether the address still allows reminders (an opt-out through
any email's one-click link counts at once), and whether anything in the basket can still
be bought; a basket of nothing but sold-out or withdrawn products gets no email. Prices
are the shop's current ones (the pricing strategy, as the basket page shows them), never
the ones stored when the line was added.

The reminder row (unique per basket and number, and per outbox key) is written in the
same transaction as the outbox email, so a second worker or a re-run finds the row and
queues nothing, and a failure leaves neither.
"""
import logging
from decimal import Decimal

from django.db import IntegrityError, transaction
from oscar.core.loading import get_class
from oscar.templatetags.currency_filters import currency

from newsletter.preferences import allows, preferences_url, unsubscribe_headers, unsubscribe_url
from newsletter.subscriptions import absolute
from outbox.outbox import queue_event_email

from .links import restore_url
from .models import BasketReminder

Selector = get_class("partner.strategy", "Selector")
EVENT_CODE = "BASKET_REMINDER"
logger = logging.getLogger("basket_reminders")


class NotSent(Exception):
    pass


def recipient(basket):
    return basket.owner.email if basket.owner_id else basket.reminder_consent.email


def priced_lines(basket, user=None):
    """The basket's lines at today's prices: plain values an email template may read (the
    amounts as Decimals, and as the shop shows them in `shown_price`)."""
    strategy = Selector().strategy(user=user)
    lines = []
    for line in basket.all_lines():
        info = strategy.fetch_for_line(line)
        available = (info.availability.is_available_to_buy
                     and info.availability.is_purchase_permitted(line.quantity)[0])
        unit = None
        if info.price.exists:
            unit = info.price.incl_tax if info.price.is_tax_known else info.price.excl_tax
        lines.append({
            "title": line.product.get_title(), "quantity": line.quantity, "available": available,
            "unit_price": unit, "line_price": unit * line.quantity if unit is not None else None,
            "shown_price": currency(unit * line.quantity, basket.currency) if unit is not None else "",
            "product_url": absolute(line.product.get_absolute_url()),
        })
    return lines


def remind(basket, number, now):
    """Queue reminder `number` for `basket`; the BasketReminder row, or None when it must not go."""
    email = recipient(basket)
    if not allows(email, "reminders"):
        return None
    lines = priced_lines(basket, user=basket.owner)
    buyable = [line for line in lines if line["available"] and line["line_price"] is not None]
    if not buyable:
        return None
    key = BasketReminder.key_for(basket.pk, number)
    unsubscribe = unsubscribe_url(email, "reminders", key)  # signed with the time: body and headers share it
    total = sum((line["line_price"] for line in buyable), Decimal("0.00"))
    context = {
        "basket_lines": lines, "basket_total": total, "shown_total": currency(total, basket.currency),
        "reminder_number": number,
        "customer_name": basket.owner.first_name if basket.owner_id else "",
        "restore_url": restore_url(basket.pk, number), "unsubscribe_url": unsubscribe,
        "preferences_url": preferences_url(email),
    }
    try:
        with transaction.atomic():
            reminder = BasketReminder.objects.create(basket=basket, number=number, email=email, queued_at=now,
                                                     outbox_key=key)
            queued = queue_event_email(email, EVENT_CODE, key=key, customer=basket.owner,
                                       headers=unsubscribe_headers(unsubscribe), **context)
            if queued is None:
                raise NotSent
    except IntegrityError:  # another worker (or an earlier run) queued this reminder
        return None
    except NotSent:
        return None
    logger.info("Queued basket reminder %s for basket %s", number, basket.pk)
    return reminder
