"""The beat task that sends basket reminders (every BASKET_REMINDER_EVERY_MINUTES)."""
from celery import shared_task
from django.utils import timezone

from .due import due_baskets
from .models import ReminderSettings
from .sending import remind


@shared_task
def send_due_reminders(limit=500):
    """Queue the reminders due now (at most `limit` emails; the rest wait for the next run). Returns how many."""
    reminder_settings = ReminderSettings.current()
    if not reminder_settings.enabled:
        return 0
    now = timezone.now()
    if reminder_settings.is_quiet(timezone.localtime(now).time()):
        return 0
    queued = 0
    for basket in due_baskets(now, reminder_settings):  # one query; opted-out ones are skipped below
        if queued >= limit:
            break
        if remind(basket, basket.due_number, now) is not None:
            queued += 1
    return queued
