"""Send one email rendered from a communication event type to one address, through the outbox.

For emails that aren't about an order (newsletter confirmations, staff alerts); order
emails go through commerce/order/emails.py so they are logged against the order.
"""
import logging

from django.conf import settings
from oscar.core.loading import get_class

Dispatcher = get_class("communication.utils", "Dispatcher")

logger = logging.getLogger("commerce.communication")


def send_event_email(to, code, *, key=None, attachments=None, **context):
    """Render event type `code` with `context` and queue it to `to` (once per `key`, if given)."""
    dispatcher = Dispatcher(logger=logger)
    messages = dispatcher.get_messages(code, {"shop_name": settings.SHOP_NAME, **context})
    messages["key"] = key
    return dispatcher.dispatch_direct_messages(to, messages, attachments=attachments)
