"""The outbox's front door: store an email, and have Celery deliver it once the transaction commits.

This module queues work, so it imports the task; the task and outbox.delivery, which it
calls, never import this module.
"""
import base64

from django.conf import settings
from django.db import IntegrityError, transaction

from .models import OutgoingEmail
from .tasks import deliver_email


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
    # With the broker down the row stays "queued" and the outbox drain sends it (outbox.tasks).
    deliver_email.queue_after_commit(email.pk)
    return email
