"""Which baskets are due a reminder now, found in one query however many baskets the shop holds.

A basket is idle from the last change to its lines (Oscar's Line.date_updated: a line
added, its quantity changed, or the basket page saved, which basket_reminders/activity.py
records). It is due its first reminder once idle for the first delay, and its second once
the first is that many hours old and the basket is still idle. Never
due: a basket that isn't open (frozen while paying, submitted, merged, saved), an empty
one, one that became an order, one whose shopper (account or guest address) ordered since
it was last changed, a guest's without consent, or one idle for longer than
BASKET_REMINDER_MAX_IDLE_DAYS (old baskets are left in peace).

What the query can't know is checked per basket at send time (basket_reminders.sending):
the address's opt-out and whether anything in it can still be bought.
"""
from datetime import timedelta

from django.conf import settings
from django.db.models import Case, Exists, F, IntegerField, OuterRef, Q, Subquery, Value, When
from oscar.core.loading import get_model

from .models import BasketReminder

Basket = get_model("basket", "Basket")
Line = get_model("basket", "Line")
Order = get_model("order", "Order")


def due_baskets(now, reminder_settings):
    """Open baskets due a reminder at `now`, each annotated with `due_number` (1 or 2) and `last_change`."""
    oldest = now - timedelta(days=settings.BASKET_REMINDER_MAX_IDLE_DAYS)
    last_change = Line.objects.filter(basket=OuterRef("pk")).order_by("-date_updated").values("date_updated")[:1]
    first_sent = BasketReminder.objects.filter(basket=OuterRef("pk"), number=1).values("queued_at")[:1]
    ordered_since = Order.objects.filter(date_placed__gte=OuterRef("last_change")).filter(
        Q(basket=OuterRef("pk")) | Q(user=OuterRef("owner"))
        | Q(guest_email__iexact=OuterRef("reminder_consent__email"), guest_email__gt=""))

    baskets = (
        Basket.objects.filter(status=Basket.OPEN)
        .filter(Q(owner__isnull=False, owner__is_active=True, owner__email__gt="")
                | Q(owner__isnull=True, reminder_consent__isnull=False))
        .annotate(last_change=Subquery(last_change), first_sent_at=Subquery(first_sent))
        .filter(last_change__lte=now - reminder_settings.first_delay, last_change__gte=oldest)
        .exclude(Exists(Order.objects.filter(basket=OuterRef("pk"))))
        .exclude(Exists(ordered_since))
    )
    due_first = Q(first_sent_at__isnull=True)
    if reminder_settings.send_second:
        due_second = Q(first_sent_at__lte=now - reminder_settings.second_delay, first_sent_at__gte=F("last_change"))
        baskets = baskets.filter(due_first | (due_second & ~Exists(
            BasketReminder.objects.filter(basket=OuterRef("pk"), number=2))))
    else:
        baskets = baskets.filter(due_first)
    due_number = Case(When(first_sent_at__isnull=True, then=Value(1)), default=Value(2), output_field=IntegerField())
    return (baskets.annotate(due_number=due_number)
            .select_related("owner", "reminder_consent").order_by("last_change", "pk"))
