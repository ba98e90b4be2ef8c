"""What may come back, and the sentence a customer reads when something may not.

An order can be returned once it is Delivered (commerce/order/workflow.py), for
settings.RETURN_WINDOW_DAYS days after the status change that delivered it. Each line
can come back up to what was bought, less what earlier returns already hold: every
return counts except a rejected one, whose goods stay with the customer.
"""
import datetime as dt
from collections import Counter

from django.conf import settings
from django.db.models import Sum
from django.utils import timezone
from django.utils.formats import date_format

from .models import ReturnLine, ReturnRequest

DELIVERED = "Delivered"
CANCELLED = "Cancelled"


class ReturnRefused(Exception):
    """The return can't be asked for; the message is for the customer."""


def window_days():
    return int(getattr(settings, "RETURN_WINDOW_DAYS", 30))


def delivered_at(order):
    """When the order became Delivered (its latest such status change), or None."""
    change = order.status_changes.filter(new_status=DELIVERED).order_by("-date_created").first()
    return change.date_created if change else None


def window_closes(order):
    when = delivered_at(order)
    return when + dt.timedelta(days=window_days()) if when else None


def held_by_returns(order):
    """{order line id: units already in a return that wasn't rejected}."""
    rows = (ReturnLine.objects.filter(line__order=order).exclude(request__status=ReturnRequest.Status.REJECTED)
            .values("line_id").annotate(units=Sum("quantity")).values_list("line_id", "units").order_by())
    return Counter(dict(rows))


def delivered_lines(order):
    """The order's lines that left with it (a line cancelled on its own never shipped)."""
    return order.lines.exclude(status=CANCELLED).order_by("pk")


def returnable(order):
    """[(line, units that may still come back)] for each line that was delivered."""
    held = held_by_returns(order)
    return [(line, max(line.quantity - held[line.pk], 0)) for line in delivered_lines(order)]


def order_refusal(order, now=None):
    """Why no return can be asked for on this order at all, or None."""
    if order.status != DELIVERED:
        return (f"Order {order.number} hasn't been delivered yet ({order.status}): "
                "you can ask for a return once it has arrived.")
    closes = window_closes(order)
    if closes is None or (now or timezone.now()) > closes:
        return (f"Returns are accepted for {window_days()} days after delivery: the window for order "
                f"{order.number} closed on {date_format(timezone.localtime(closes), 'DATE_FORMAT')}."
                if closes else f"We have no delivery date for order {order.number}; please contact us.")
    if not any(left for _, left in returnable(order)):
        return f"Everything in order {order.number} has already been returned or is in a return."
    return None


def check_quantities(order, wanted):
    """Refuse `wanted` ({line id: units}) unless each is a line of the order within what's left.

    Returns {line: units} for the units asked for; raises ReturnRefused with one sentence per problem.
    """
    left = {line.pk: (line, units) for line, units in returnable(order)}
    held = held_by_returns(order)
    problems, chosen = [], {}
    for line_id, units in wanted.items():
        if not units:
            continue
        if line_id not in left:
            problems.append("One of the items chosen is not part of this order.")
            continue
        line, most = left[line_id]
        if units < 0:
            problems.append(f"Enter how many of “{line.title}” to return (0 or more).")
        elif most == 0:
            problems.append(f"“{line.title}” has already been returned (or is in a return) in full.")
        elif units > most:
            already = f", and {held[line_id]} already in a return" if held[line_id] else ""
            problems.append(f"You bought {line.quantity} of “{line.title}”{already}: "
                            f"you can return at most {most}.")
        else:
            chosen[line] = units
    if problems:
        raise ReturnRefused(" ".join(problems))
    if not chosen:
        raise ReturnRefused("Choose at least one item and how many of it to return.")
    return chosen
