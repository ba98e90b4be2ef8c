"""Running an import job: the check (a dry run that writes nothing but the job's report)
and the import (planned again against the catalogue as it is now, then applied).

Progress is written to the job row as rows are planned or written, outside the catalogue
transactions, so the dashboard page sees it move. A refused file ends the job with its
message; nothing of the catalogue is touched.
"""
import logging

from django.db import transaction
from django.utils import timezone

from . import applying, formats, validation
from .models import ImportJob
from .snapshot import Catalogue

logger = logging.getLogger(__name__)
PROGRESS_EVERY = 250  # rows between two progress writes


def check(job_id):
    """The dry run: plan every row and keep the report; returns the job."""
    job = _claim(job_id, ImportJob.Status.CHECKING)
    if job is None:
        return None
    try:
        plans = _plan(job)
    except Exception:
        logger.exception("Import job %s failed while checking", job.pk)
        _set(job, status=ImportJob.Status.FAILED, finished_at=timezone.now(),
             error="This file could not be checked: an unexpected error. Nothing was written; tell the developers "
                   f"the import number ({job.pk}).")
        return job
    if plans is not None:
        _finish(job, plans, ImportJob.Status.CHECKED)
    return job


def run_import(job_id):
    """The real run: plan again (the catalogue may have moved since the check) and write it."""
    job = _claim(job_id, ImportJob.Status.APPLYING)
    if job is None:
        return None
    catalogue = {}
    try:
        plans = _plan(job, catalogue)
    except Exception:
        logger.exception("Import job %s failed while planning", job.pk)
        _set(job, status=ImportJob.Status.FAILED, finished_at=timezone.now(),
             error=f"This file could not be imported: an unexpected error before anything was written. Tell the "
                   f"developers the import number ({job.pk}).")
        return job
    if plans is None:
        return job
    waiting = sum(p.outcome in (validation.UNCHANGED, validation.REFUSED) for p in plans)
    _set(job, processed=waiting)  # the rows with nothing to write are done; the bar moves with each chunk
    try:
        applying.apply(plans, catalogue["it"], progress=lambda done: _set(job, processed=waiting + done))
    except Exception:
        logger.exception("Import job %s failed while writing", job.pk)
        _set(job, status=ImportJob.Status.FAILED, finished_at=timezone.now(),
             error="The import stopped part-way through: an unexpected error. The rows written before it "
                   "stay imported; import the file again to finish (rows already done show as unchanged).")
        return job
    _finish(job, plans, ImportJob.Status.APPLIED)
    return job


def _claim(job_id, status):
    """The job, if it is waiting for this step (a message delivered twice finds it done)."""
    job = ImportJob.objects.filter(pk=job_id, status=status, finished_at__isnull=True).first()
    if job is None:
        logger.info("Import job %s is not waiting to be %s; nothing to do", job_id, status)
    return job


def _plan(job, keep=None):
    try:
        sheet = formats.read(bytes(job.content), job.file_format)
    except formats.FileRefused as refused:
        _set(job, status=ImportJob.Status.FAILED, error=str(refused), finished_at=timezone.now())
        return None
    _set(job, layout=sheet.layout, total=len(sheet.rows), processed=0)
    catalogue = Catalogue({row.cells[formats.SKU] for row in sheet.rows} |
                          {row.cells.get(formats.PARENT, "") for row in sheet.rows})
    if keep is not None:
        keep["it"] = catalogue
    return validation.plan(sheet, catalogue, progress=lambda done: _progress(job, done))


def _progress(job, done):
    if done % PROGRESS_EVERY == 0 or done == job.total:
        _set(job, processed=done)


def _finish(job, plans, status):
    counts = validation.counts(plans)
    _set(job, status=status, processed=job.total, finished_at=timezone.now() if status != ImportJob.Status.CHECKED
         else None, rows=[p.report() for p in plans],
         **{outcome: counts.get(outcome, 0) for outcome in ("created", "changed", "unchanged", "refused")})


def _set(job, **fields):
    """Write these fields now, committed at once even inside a worker's transaction-less run.
    A finished job lets go of its file (up to CATALOGUE_IMPORT_MAX_BYTES): its report stays."""
    if fields.get("finished_at"):
        fields["content"] = b""
    for name, value in fields.items():
        setattr(job, name, value)
    with transaction.atomic():
        ImportJob.objects.filter(pk=job.pk).update(**fields)


def mark_not_started(job_id, *args, **kwargs):
    """The broker wouldn't take the job: say so on its page instead of leaving it waiting."""
    ImportJob.objects.filter(pk=job_id).update(
        status=ImportJob.Status.FAILED, finished_at=timezone.now(),
        error="The background worker could not be reached, so this file was not processed. Upload it again "
              "in a few minutes; nothing was written.")
