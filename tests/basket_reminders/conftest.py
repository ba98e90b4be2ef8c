"""Basket reminders switched on (4 hours, then 24 hours after the first), a clock the tests move,
baskets left by a shopper, and the beat task run as beat would run it."""
import datetime as dt
import re

import pytest
from django.core import mail
from freezegun import freeze_time
from oscar.core.loading import get_class, get_model

from basket_reminders.models import ReminderSettings
from basket_reminders.tasks import send_due_reminders

Basket = get_model("basket", "Basket")
Selector = get_class("partner.strategy", "Selector")

# Three days ago at 15:00 UTC: recent enough that the emails' links still work today.
LEFT_AT = (dt.datetime.now(dt.UTC) - dt.timedelta(days=3)).replace(hour=15, minute=0, second=0, microsecond=0)


def hours_later(hours, minutes=1):
    return LEFT_AT + dt.timedelta(hours=hours, minutes=minutes)


@pytest.fixture
def reminders_on(db):
    settings = ReminderSettings.current()
    settings.enabled, settings.first_after_hours, settings.second_after_hours = True, 4, 24
    settings.save()
    return settings


def leave_basket(owner, *lines, at=LEFT_AT):
    """A basket `owner` (None: a guest) filled at `at` and left; `lines` are (product, quantity)."""
    with freeze_time(at):
        basket = Basket.objects.create(owner=owner)
        basket.strategy = Selector().strategy()
        for product, quantity in lines:
            basket.add_product(product, quantity)
    return basket


@pytest.fixture
def run_beat(committed):
    """Run the beat task at `when` and deliver what it queued; the emails it sent."""
    def run(when):
        before = len(mail.outbox)
        with freeze_time(when), committed():
            send_due_reminders()
        return mail.outbox[before:]
    return run


def link_in(email, path):
    return re.search(rf"https?://[^/\s]+({path}\S+/)", email.body).group(1)
