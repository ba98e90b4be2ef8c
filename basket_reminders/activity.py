"""A shopper working on their basket counts as a change to it, even when nothing is left to date it.

A basket's idle time runs from the last change to its lines (basket_reminders/due.py), and
a line removed leaves no date behind; so when the basket page saves the shopper's changes
the remaining lines are marked changed now, and a shopper who just removed something isn't
reminded of the rest an instant later.
"""
from django.utils import timezone


def basket_changed(basket):
    if basket.id is not None:
        basket.lines.update(date_updated=timezone.now())
