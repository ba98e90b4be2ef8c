"""Delivering stored emails: idempotent, acknowledged late, retried with backoff."""
import base64
import logging
import smtplib
from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from .models import OutgoingEmail

logger = logging.getLogger(__name__)

RETRYABLE = (smtplib.SMTPException, OSError)
MAX_RETRIES = 6


def build_message(email):
    message = EmailMultiAlternatives(email.subject, email.body_text, email.from_email or None, [email.to])
    if email.body_html:
        message.attach_alternative(email.body_html, "text/html")
    for item in email.attachments:
        message.attach(item["filename"], base64.b64decode(item["content_b64"]), item["mimetype"])
    return message


@shared_task(bind=True, acks_late=True, max_retries=MAX_RETRIES)
def deliver_email(self, email_id):
    """Send one stored email unless it has already gone out."""
    with transaction.atomic():
        email = OutgoingEmail.objects.select_for_update().filter(pk=email_id).first()
        if email is None or email.status == OutgoingEmail.Status.SENT:
            return "skipped"
        email.attempts += 1
        try:
            build_message(email).send()
        except RETRYABLE as exc:
            email.last_error = f"{type(exc).__name__}: {exc}"[:2000]
            # In eager mode (no broker) there is no queue to retry through; the row
            # stays "retrying" for the next worker-backed resend instead of failing the request.
            final = self.request.retries >= self.max_retries and not self.request.is_eager
            email.status = OutgoingEmail.Status.DEAD if final else OutgoingEmail.Status.RETRYING
            email.next_attempt_at = None if final else timezone.now() + timedelta(seconds=backoff(self.request.retries))
            email.save(update_fields=["attempts", "last_error", "status", "next_attempt_at"])
            if final:
                logger.error("Email %s to %s failed for good: %s", email.pk, email.to, email.last_error)
                return "dead"
            if self.request.is_eager:
                return "retrying"
        else:
            email.status = OutgoingEmail.Status.SENT
            email.sent_at = timezone.now()
            email.save(update_fields=["attempts", "status", "sent_at"])
            return "sent"
    # Outside the transaction, so the failed attempt is recorded before we wait.
    raise self.retry(exc=None, countdown=backoff(self.request.retries))


def backoff(retries):
    """Seconds before the next attempt: 10, 20, 40 … capped at ten minutes (base from settings)."""
    return min(600, settings.NOTIFICATIONS_RETRY_BASE_SECONDS * 2**retries)


@shared_task
def drain_outbox(limit=500):
    """Re-enqueue stored emails that no worker is going to deliver (runs on Celery beat)."""
    from .outbox import enqueue_delivery

    # "Stuck": nothing has tried it for a while, because its enqueue was lost (broker
    # down at commit) or its scheduled retry was (worker restarted).
    cutoff = timezone.now() - timedelta(seconds=settings.NOTIFICATIONS_STUCK_AFTER_SECONDS)
    stuck = OutgoingEmail.objects.filter(
        Q(status=OutgoingEmail.Status.QUEUED, created_at__lt=cutoff)
        | Q(status=OutgoingEmail.Status.RETRYING, next_attempt_at__lt=cutoff)
    ).values_list("pk", flat=True)[:limit]
    ids = list(stuck)
    for pk in ids:
        enqueue_delivery(pk)
    return len(ids)
