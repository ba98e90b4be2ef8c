"""Delivering stored emails: claimed, sent outside any transaction, retried with backoff.

How one attempt claims the row, talks to SMTP and records the outcome is in
outbox.delivery (at least once; never two workers on one email at the same time).
A temporary failure (4xx, a timeout, a dropped line) is retried with backoff; a permanent
refusal (5xx) is final at once for "no such mailbox", otherwise on the
OUTBOX_REFUSALS_BEFORE_GIVING_UP-th refusal, and the email waits as "failed for
good" on the staff page (outbox.dead_letters).
"""
import logging
import smtplib

from celery import shared_task
from django.conf import settings

from config import leases
from config.background import drain

from . import delivery
from .models import OutgoingEmail

logger = logging.getLogger(__name__)

RETRYABLE = (smtplib.SMTPException, OSError)
MAX_RETRIES = 6


# The row is the record: an email the broker would not take stays "queued" for the drain.
@shared_task(bind=True, acks_late=True, max_retries=MAX_RETRIES, broker_down=drain("outbox.tasks.drain_outbox"))
def deliver_email(self, email_id):
    """Send one stored email unless it has gone out, failed for good, or another worker has it."""
    claimed = delivery.claim(email_id)
    if claimed is None:
        return "skipped"
    retries, eager = self.request.retries, self.request.is_eager
    try:
        delivery.send(claimed)
    except RETRYABLE as exc:
        error = delivery.describe(exc)
        refused = delivery.refusal(exc)
        if refused:
            _, at_once = refused
            final = at_once or claimed.email.refusals + 1 >= settings.OUTBOX_REFUSALS_BEFORE_GIVING_UP
            if final:
                error = f"Refused for good, not retried: {error}"
        else:
            # In eager mode (no broker) there is no queue to retry through; the row stays
            # "retrying" for the outbox drain instead of failing the request.
            final = retries >= self.max_retries and not eager
        delivery.record_failure(claimed, error, final=final, retry_in=backoff(retries), refused=bool(refused))
        if final:
            logger.error("Email %s to %s failed for good: %s", email_id, claimed.email.to, error)
            return "dead"
        if eager:
            return "retrying"
    except Exception as exc:
        # Not the mail server's doing (a bug, a bad attachment): give the claim back so the
        # drain tries again, and let the error be seen.
        delivery.record_failure(claimed, f"{type(exc).__name__}: {exc}", final=False, retry_in=backoff(retries))
        raise
    else:
        delivery.record_sent(claimed)
        return "sent"
    raise self.retry(exc=None, countdown=backoff(retries))


def backoff(retries):
    """Seconds before the next attempt: 10, 20, 40 … capped at ten minutes (base from settings)."""
    return min(600, settings.OUTBOX_RETRY_BASE_SECONDS * 2**retries)


@shared_task
def drain_outbox(limit=500):
    """Re-enqueue stored emails that no worker is going to deliver (runs on Celery beat)."""
    # "Stuck": nothing has tried it for a while, because its enqueue was lost (broker
    # down at commit), its scheduled retry was (worker restarted), or the worker sending
    # it died and its claim has lapsed.
    stuck = OutgoingEmail.objects.filter(
        leases.due_again(settings.OUTBOX_STUCK_AFTER_SECONDS)).values_list("pk", flat=True)[:limit]
    ids = list(stuck)
    for pk in ids:
        deliver_email.queue_now(pk)
    return len(ids)
