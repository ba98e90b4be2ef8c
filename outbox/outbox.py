"""Queue an email for delivery by Celery once the current transaction commits."""
import base64
import logging

from django.conf import settings
from django.db import IntegrityError, transaction

from .models import OutgoingEmail

logger = logging.getLogger(__name__)


def queue_email(*, to, subject, body, html="", kind="", key=None, from_email=None, attachments=()):
    """Store a message and deliver it after commit; returns the row.

    With a `key` (e.g. "order-placed:100023"), queuing the same event again returns the
    existing row and sends nothing more. `attachments` is an iterable of
    (filename, bytes, mimetype).
    """
    if key:
        existing = OutgoingEmail.objects.filter(key=key).first()
        if existing is not None:
            return existing
    encoded = [
        {"filename": name, "mimetype": mimetype, "content_b64": base64.b64encode(content).decode()}
        for name, content, mimetype in attachments
    ]
    try:
        with transaction.atomic():
            email = OutgoingEmail.objects.create(
                to=to, subject=subject[:255], body_text=body, body_html=html or "", kind=kind, key=key or None,
                from_email=from_email or settings.DEFAULT_FROM_EMAIL, attachments=encoded,
            )
    except IntegrityError:  # the same key queued concurrently
        return OutgoingEmail.objects.get(key=key)
    transaction.on_commit(lambda: enqueue_delivery(email.pk))
    return email


def enqueue_delivery(email_id):
    """Hand a stored email to Celery; if the broker is down, the outbox drain sends it later.

    Never raises: the order (or whatever queued the email) is already committed, and a
    broker outage must not turn the shopper's response into an error.
    """
    from .tasks import deliver_email

    try:
        deliver_email.delay(email_id)
    except Exception as exc:  # noqa: BLE001  kombu raises several connection error types
        logger.warning("Broker unavailable, email %s waits for the outbox drain: %s", email_id, exc)
