"""Celery tasks: build one requested report; build and email the scheduled ones (beat); send
again the builds the broker never took (beat). `request_run` is how the site asks for a report.

A run is a row before it is a message, so a broker outage only delays it: the run stays
"queued" (the page says it is waiting) and `drain_report_runs` sends it once the broker is back.
"""
from celery import shared_task

from config.background import drain

from . import runs, scheduled


@shared_task(acks_late=True, broker_down=drain("reports.tasks.drain_report_runs"))
def build_report(run_id):
    return runs.execute(run_id)


def request_run(**request):
    """A new queued run (runs.new_run's arguments), its build queued once the request commits."""
    run = runs.new_run(**request)
    build_report.queue_after_commit(run.pk)
    return run


@shared_task(acks_late=True)
def drain_report_runs(limit=100):
    """Send again the builds of runs queued too long: the broker was down when they were requested."""
    waiting = runs.waiting_too_long(limit)
    for run_id in waiting:
        build_report.queue_now(run_id)
    return len(waiting)


@shared_task(acks_late=True)
def send_scheduled_reports(frequency):
    """Beat entry point: "daily" (yesterday) or "weekly" (last Monday–Sunday)."""
    return scheduled.send(frequency)
