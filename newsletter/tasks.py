"""Celery tasks of a newsletter send (the steps are explained in newsletter.campaigns).

`send_due_newsletters` runs on beat every minute; `run_send` prepares a send and schedules
its batches NEWSLETTER_BATCH_SIZE / NEWSLETTER_EMAILS_PER_MINUTE minutes apart;
`send_newsletter_batch` queues one batch in the outbox. All three are safe to run twice.
"""
import logging
from datetime import timedelta

from celery import shared_task
from django.db import transaction
from django.utils import timezone

from config.background import drain

from . import batching
from .batching import resume_after
from .models import Send

logger = logging.getLogger(__name__)


@shared_task(broker_down=drain("newsletter.tasks.send_due_newsletters"))
def send_due_newsletters():
    found = start_due()
    return {name: len(ids) for name, ids in found.items()}


# A send the broker would not take stays "sending" without progress; beat resumes it.
@shared_task(acks_late=True, broker_down=drain("newsletter.tasks.send_due_newsletters"))
def run_send(send_id):
    send = Send.objects.select_related("newsletter").get(pk=send_id)
    if send.status != Send.Status.SENDING:
        return 0
    batching.prepare(send)
    planned = batching.batches(send)
    interval = batching.batch_interval()
    for number, ids in enumerate(planned):
        send_newsletter_batch.apply_async((send_id, ids), countdown=number * interval)
    batching.finish_if_done(send_id)
    return len(planned)


@shared_task(acks_late=True, broker_down=drain("newsletter.tasks.send_due_newsletters"))
def send_newsletter_batch(send_id, recipient_ids):
    return batching.queue_batch(send_id, recipient_ids)


def start_due():
    """Start the sends that are due and resume stalled ones, each exactly once (beat, every minute)."""
    now = timezone.now()
    with transaction.atomic():
        due = list(Send.objects.select_for_update(skip_locked=True)
                   .filter(status=Send.Status.SCHEDULED, send_at__lte=now).values_list("pk", flat=True))
        Send.objects.filter(pk__in=due).update(status=Send.Status.SENDING, started_at=now, progress_at=now)
        stalled = list(Send.objects.select_for_update(skip_locked=True)
                       .filter(status=Send.Status.SENDING, progress_at__lt=now - timedelta(seconds=resume_after()))
                       .values_list("pk", flat=True))
        Send.objects.filter(pk__in=stalled).update(progress_at=now)
        for pk in due + stalled:
            run_send.queue_after_commit(pk)
    if stalled:
        logger.warning("Resuming newsletter sends that stopped making progress: %s", stalled)
    return {"started": due, "resumed": stalled}
