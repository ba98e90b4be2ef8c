"""Celery tasks: check an uploaded file (the dry run), then import it once confirmed.

A job is a row before it is a message. With the broker down the job is marked refused
at once with "try again" (nothing was written), instead of waiting for ever. A message
delivered twice finds its job already past that step and does nothing (jobs._claim).
"""
from celery import shared_task

from config.background import undo

from . import jobs

NOT_STARTED = undo(jobs.mark_not_started, "the import job is marked not processed; the merchandiser uploads again")


@shared_task(acks_late=True, broker_down=NOT_STARTED)
def check_catalogue_file(job_id):
    job = jobs.check(job_id)
    return job.status if job else None


@shared_task(acks_late=True, broker_down=NOT_STARTED)
def import_catalogue_file(job_id):
    job = jobs.run_import(job_id)
    return job.status if job else None
