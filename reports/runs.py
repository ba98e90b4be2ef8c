"""Requesting a report and building it: the run row is the single record of both.

The view (or beat) creates a queued run and enqueues the build after commit; the task
claims the run, reports progress as it goes and stores the result or the error. A build
that fails never raises out of the task: the page shows the error instead of a 500.
"""
import datetime as dt
import logging
from contextlib import contextmanager

from django.db import connection, transaction
from django.utils import timezone

from .builders import BUILDERS
from .models import ReportRun

logger = logging.getLogger(__name__)

# A run left "running" this long (its worker died) may be claimed again by a redelivery.
STALE_AFTER = dt.timedelta(minutes=15)
WORK_MEM = "64MB"  # per sort/hash node of the build's queries, on the worker's connection only


def request_run(*, kind, date_from, date_to, granularity=ReportRun.Granularity.DAY, user=None, schedule=""):
    from .tasks import build_report

    run = ReportRun.objects.create(kind=kind, date_from=date_from, date_to=date_to, granularity=granularity,
                                   requested_by=user, schedule=schedule)
    transaction.on_commit(lambda: build_report.delay(run.pk))
    return run


def claim(run_id):
    """Mark a queued (or abandoned) run as running; False when another build has it or it is finished."""
    now = timezone.now()
    stale = ReportRun.objects.filter(pk=run_id, status=ReportRun.Status.RUNNING, started_at__lt=now - STALE_AFTER)
    queued = ReportRun.objects.filter(pk=run_id, status=ReportRun.Status.QUEUED)
    return bool((queued | stale).update(status=ReportRun.Status.RUNNING, started_at=now, progress=1, step="Starting"))


@contextmanager
def report_session():
    """Give PostgreSQL room to sort and hash a report's groupings in memory (not on disk)."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET work_mem = %s", [WORK_MEM])
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET work_mem")


def execute(run_id):
    """Build one run; returns its final status."""
    if not claim(run_id):
        return ReportRun.objects.filter(pk=run_id).values_list("status", flat=True).first()
    run = ReportRun.objects.get(pk=run_id)
    updates = ReportRun.objects.filter(pk=run_id)

    def progress(percent, step):
        updates.update(progress=percent, step=step[:120])

    try:
        with report_session():
            result = BUILDERS[run.kind](run, progress)
    except Exception as exc:  # noqa: BLE001  any failure is recorded on the run and shown to the merchandiser
        logger.exception("Report run %s (%s) failed", run_id, run.kind)
        updates.update(status=ReportRun.Status.FAILED, error=f"{type(exc).__name__}: {exc}"[:2000],
                       step="", finished_at=timezone.now())
        return ReportRun.Status.FAILED
    updates.update(status=ReportRun.Status.DONE, result=result, progress=100, step="", finished_at=timezone.now())
    return ReportRun.Status.DONE
