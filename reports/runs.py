"""A report run from request to result: the run row is the single record of both.

A request creates a queued run (reports.tasks.request_run queues its build after commit);
the build claims the run, reports progress as it goes and stores the result or the error.
A build that fails never raises out of the task: the page shows the error instead of a
500. A run still queued after REPORTS_STUCK_AFTER_SECONDS (its build was never handed to
the broker, or was lost) is sent again by the beat drain; claiming makes a second
delivery of the same run a no-op.
"""
import datetime as dt
import logging
from contextlib import contextmanager

from django.conf import settings
from django.db import connection
from django.utils import timezone

from .builders import BUILDERS
from .models import ReportRun

logger = logging.getLogger(__name__)

# A run left "running" this long (its worker died) may be claimed again by a redelivery.
STALE_AFTER = dt.timedelta(minutes=15)
WORK_MEM = "64MB"  # per sort/hash node of the build's queries, on the worker's connection only


def new_run(*, kind, date_from, date_to, granularity=ReportRun.Granularity.DAY, user=None, schedule=""):
    """A queued run; building it is the caller's to queue (reports.tasks.request_run)."""
    return ReportRun.objects.create(kind=kind, date_from=date_from, date_to=date_to, granularity=granularity,
                                    requested_by=user, schedule=schedule)


def waiting_too_long(limit):
    """Ids of runs queued longer than REPORTS_STUCK_AFTER_SECONDS, oldest first: nobody is building them."""
    cutoff = timezone.now() - dt.timedelta(seconds=settings.REPORTS_STUCK_AFTER_SECONDS)
    return list(ReportRun.objects.filter(status=ReportRun.Status.QUEUED, created_at__lt=cutoff)
                .order_by("created_at", "pk").values_list("pk", flat=True)[:limit])


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
