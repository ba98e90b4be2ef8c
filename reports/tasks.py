"""Celery tasks: build one requested report; build and email the scheduled ones (beat)."""
from celery import shared_task

from . import runs, scheduled


@shared_task(acks_late=True)
def build_report(run_id):
    return runs.execute(run_id)


@shared_task(acks_late=True)
def send_scheduled_reports(frequency):
    """Beat entry point: "daily" (yesterday) or "weekly" (last Monday–Sunday)."""
    return scheduled.send(frequency)
