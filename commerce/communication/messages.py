"""The one way the shop sends an email whose wording merchandisers edit.

`send_event_email` renders a communication event type (its templates are edited at
/shop/dashboard/comms/, installed by event_types.py, rendered with the plain values of
context.py) and queues the result with `outbox.queue_email`, once per key. Order emails
(commerce/order/emails.py) call it with the order's context; the newsletter and the
low-stock alert call it directly. An email nobody edits (contact form, scheduled report)
is a plain `outbox.queue_email`; those are the only two ways to send mail. Oscar's own
senders (registration, password reset, back in stock) reach the outbox through the
Dispatcher bridge in utils.py.
"""
import logging

from django.conf import settings
from django.contrib.sites.models import Site
from oscar.core.loading import get_model

from outbox.outbox import queue_email

CommunicationEventType = get_model("communication", "CommunicationEventType")
Email = get_model("communication", "Email")

logger = logging.getLogger("commerce.communication")


def send_event_email(to, code, *, key=None, customer=None, **context):
    """Render event type `code` with `context` and queue it to `to` (once per `key`, if given).

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
                         kind=code, key=key)
    if customer is not None and customer.is_authenticated and settings.OSCAR_SAVE_SENT_EMAILS_TO_DB:
        Email.objects.create(user=customer, email=to, subject=messages["subject"], body_text=messages["body"],
                             body_html=messages["html"])
    logger.info("Queued %s email to %s", code, to)
    return queued
