"""Celery tasks of a newsletter send (the steps are explained in newsletter.campaigns).

`send_due_newsletters` runs on beat every minute; `run_send` prepares a send and schedules
its batches NEWSLETTER_BATCH_SIZE / NEWSLETTER_EMAILS_PER_MINUTE minutes apart;
`send_newsletter_batch` queues one batch in the outbox. All three are safe to run twice.
"""
from celery import shared_task

from config.background import drain

from . import campaigns
from .models import Send


@shared_task(broker_down=drain("newsletter.tasks.send_due_newsletters"))
def send_due_newsletters():
    found = campaigns.start_due()
    return {name: len(ids) for name, ids in found.items()}


# A send the broker would not take stays "sending" without progress; beat resumes it.
@shared_task(acks_late=True, broker_down=drain("newsletter.tasks.send_due_newsletters"))
def run_send(send_id):
    send = Send.objects.select_related("newsletter").get(pk=send_id)
    if send.status != Send.Status.SENDING:
        return 0
    campaigns.prepare(send)
    planned = campaigns.batches(send)
    interval = campaigns.batch_interval()
    for number, ids in enumerate(planned):
        send_newsletter_batch.apply_async((send_id, ids), countdown=number * interval)
    campaigns.finish_if_done(send_id)
    return len(planned)


@shared_task(acks_late=True, broker_down=drain("newsletter.tasks.send_due_newsletters"))
def send_newsletter_batch(send_id, recipient_ids):
    return campaigns.queue_batch(send_id, recipient_ids)
