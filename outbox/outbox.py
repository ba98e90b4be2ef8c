"""The outbox's front door, and the shop's only two ways to send an email.

`queue_event_email` renders a communication event type, whose wording merchandisers edit
at /shop/dashboard/comms/ (order emails, newsletter, low-stock alerts); `queue_email`
takes a finished message (contact form, scheduled reports). Both store the email and have
Celery deliver it once the transaction commits, once per key. Oscar's own senders
(registration, password reset, back in stock) arrive here through the Dispatcher bridge in
commerce/communication/utils.py.

This module queues work, so it imports the task; the task and outbox.delivery, which it
calls, never import this module.
"""
import base64
import logging

from django.conf import settings
from django.contrib.sites.models import Site
from django.db import IntegrityError, transaction
from django.db.models import Value
from oscar.core.loading import get_model

from .models import OutgoingEmail
from .tasks import deliver_email

CommunicationEventType = get_model("communication", "CommunicationEventType")
Email = get_model("communication", "Email")

logger = logging.getLogger(__name__)


def queue_email(*, to, subject, body, html="", kind="", key=None, from_email=None, attachments=(), headers=None):
    """Store a message and deliver it after commit; returns the row.

    With a `key` (e.g. "order-placed:100023"), queuing the same event again returns the
    existing row and sends nothing more. `attachments` is an iterable of
    (filename, bytes, mimetype); `headers` a dict of extra mail headers (List-Unsubscribe).
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
                from_email=from_email or settings.DEFAULT_FROM_EMAIL, attachments=encoded, headers=dict(headers or {}),
            )
    except IntegrityError:  # the same key queued concurrently
        return OutgoingEmail.objects.get(key=key)
    # With the broker down the row stays "queued" and the outbox drain sends it (outbox.tasks).
    deliver_email.queue_after_commit(email.pk)
    return email


def queue_many(messages, *, kind, from_email=None):
    """Store many keyed messages in a few queries (a newsletter batch) and deliver each after
    commit; returns how many were new.

    `messages` are dicts with to, subject, body, html, key and headers, as queue_email takes
    them. One query finds the keys already queued, one insert stores the rest; a key stored
    concurrently in between is skipped by the database. Queuing one at a time costs four
    round trips an email, which bounds a 50,000-address send to about a hundred a second.
    """
    keys = [message["key"] for message in messages]
    if not all(keys):
        raise ValueError("queue_many needs a key for every message, so that no one is mailed twice")
    already = set(OutgoingEmail.objects.filter(key__in=keys).values_list("key", flat=True))
    sender = from_email or settings.DEFAULT_FROM_EMAIL
    # `status` as an expression keeps Django from inserting through PostgreSQL UNNEST arrays,
    # whose text escaping in psycopg costs about 2 ms per HTML body; plain VALUES don't escape.
    queued = Value(OutgoingEmail.Status.QUEUED)
    fresh = [OutgoingEmail(to=m["to"], subject=m["subject"][:255], body_text=m["body"], body_html=m.get("html") or "",
                           kind=kind, key=m["key"], from_email=sender, headers=dict(m.get("headers") or {}),
                           status=queued)
             for m in messages if m["key"] not in already]
    OutgoingEmail.objects.bulk_create(fresh, ignore_conflicts=True)
    # A row a concurrent queuer stored may be handed over twice; a worker's claim sends it once.
    for pk in OutgoingEmail.objects.filter(key__in=[email.key for email in fresh]).values_list("pk", flat=True):
        deliver_email.queue_after_commit(pk)
    return len(fresh)


def queue_event_email(to, code, *, key=None, customer=None, attachments=(), headers=None, **context):
    """Render event type `code` with `context` and queue it to `to` (once per `key`, if given).

    `attachments` and `headers` go with the email as in queue_email.

    With `customer` (a signed-up user the email is for), it is also kept in their email
    history, as Oscar does, which their data export lists. Returns the outbox row, or None
    when the event type renders no subject or no text, so there is nothing to send.
    """
    context = {"shop_name": settings.SHOP_NAME, **context, "site": Site.objects.get_current(context.get("request"))}
    messages = CommunicationEventType.objects.get_and_render(code, context)
    if not (messages["subject"] and (messages["body"] or messages["html"])):
        logger.warning("Email %s to %s not sent: its template renders no subject or no text", code, to)
        return None
    queued = queue_email(to=to, subject=messages["subject"], body=messages["body"], html=messages["html"] or "",
                         kind=code, key=key, attachments=attachments, headers=headers)
    if customer is not None and customer.is_authenticated and settings.OSCAR_SAVE_SENT_EMAILS_TO_DB:
        Email.objects.create(user=customer, email=to, subject=messages["subject"], body_text=messages["body"],
                             body_html=messages["html"])
    logger.info("Queued %s email to %s", code, to)
    return queued
