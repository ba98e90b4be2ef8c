"""Sending stored webhook deliveries with Celery: retried with exponential backoff, then dead.

Each attempt is webhooks.delivery (claim, request outside any transaction, record). A
failure is tried again after WEBHOOKS_RETRY_BASE_SECONDS × 2^(attempt − 1), at most an
hour, until the WEBHOOKS_MAX_ATTEMPTS-th attempt, after which the delivery is dead and
waits on the dashboard's deliveries page for a merchandiser to send it again. Attempts
are counted on the row, so a retry through Celery, through the drain or by hand all count.
"""
import logging

from celery import shared_task
from django.conf import settings

from config import leases
from config.background import drain

from . import delivery
from .models import Delivery

logger = logging.getLogger("webhooks")

MAX_BACKOFF_SECONDS = 3600


# The row is the record: a delivery the broker would not take stays "queued" for the drain.
@shared_task(bind=True, acks_late=True, max_retries=None, broker_down=drain("webhooks.tasks.drain_webhooks"))
def deliver_webhook(self, delivery_id):
    """Send one stored delivery unless it is delivered, dead, or another worker has it."""
    claimed = delivery.claim(delivery_id)
    if claimed is None:
        return "skipped"
    attempts = claimed.delivery.attempts
    try:
        if not claimed.delivery.endpoint.is_active:
            raise delivery.Failed("The endpoint is switched off; not sent.", final=True)
        status = delivery.send(claimed.delivery)
    except delivery.Failed as exc:
        final = exc.final or attempts >= settings.WEBHOOKS_MAX_ATTEMPTS
        error = f"{exc} (attempt {attempts} of {settings.WEBHOOKS_MAX_ATTEMPTS})"
        delivery.record_failure(claimed, error, final=final, retry_in=backoff(attempts), status=exc.status)
        if final:
            logger.error("Webhook delivery %s to %s failed for good: %s", delivery_id,
                         claimed.delivery.endpoint.url, exc)
            return "dead"
        # Eager (no broker): there is no queue to retry through; the drain sends it when due.
        if self.request.is_eager:
            return "retrying"
    except Exception as exc:
        # Not the receiver's doing (a bug): give the claim back for the drain, and let it be seen.
        delivery.record_failure(claimed, f"{type(exc).__name__}: {exc}", final=False, retry_in=backoff(attempts))
        raise
    else:
        delivery.record_delivered(claimed, status)
        return "delivered"
    raise self.retry(exc=None, countdown=backoff(attempts))


def backoff(attempts):
    """Seconds before the next try after `attempts` tries: base, 2 × base, 4 × base … at most an hour."""
    return min(MAX_BACKOFF_SECONDS, settings.WEBHOOKS_RETRY_BASE_SECONDS * 2 ** max(attempts - 1, 0))


@shared_task
def drain_webhooks(limit=500):
    """Re-enqueue deliveries no worker is going to send (runs on Celery beat)."""
    # Stuck: queued but its enqueue was lost (broker down at commit), due for a retry that
    # was lost (worker restarted; or eager mode, which has no queue), or claimed by a
    # worker that died.
    stuck = (Delivery.objects.filter(leases.due_again(settings.WEBHOOKS_STUCK_AFTER_SECONDS))
             .order_by("created_at").values_list("pk", flat=True)[:limit])
    ids = list(stuck)
    for pk in ids:
        deliver_webhook.queue_now(pk)
    return len(ids)
