"""Emails about one order, rendered from Oscar's communication event types and queued once.

Merchandisers edit the wording at /shop/dashboard/comms/ (event types created by
communication migration 0005). Every email carries an outbox key naming the order and
the event, so the same event reported twice (a double-submitted form, a redelivered
webhook) emails the customer once.
"""
import logging

from django.conf import settings
from django.urls import reverse
from oscar.core.loading import get_class

OrderDispatcher = get_class("order.utils", "OrderDispatcher")

logger = logging.getLogger("commerce.order")

# The status an order enters -> the email the customer gets about it.
STATUS_EMAILS = {
    "Processing": "ORDER_PROCESSING",
    "Shipped": "ORDER_SHIPPED",
    "Delivered": "ORDER_DELIVERED",
    "Cancelled": "ORDER_CANCELLED",
}


def status_path(order):
    """Where the customer follows the order: the account page, or the guest page behind its hash."""
    if order.user_id:
        return reverse("customer:order", kwargs={"order_number": order.number})
    return reverse("customer:anon-order", kwargs={"order_number": order.number, "hash": order.verification_hash()})


def send_order_email(order, code, *, key, request=None, **context):
    """Render event type `code` for this order and queue it to the customer (once per `key`)."""
    path = status_path(order)
    context = {
        "user": order.user, "order": order, "lines": order.lines.all(), "request": request,
        "status_path": path, "status_url": f"{settings.WAGTAILADMIN_BASE_URL.rstrip('/')}{path}",
        "shop_name": settings.SHOP_NAME, **context,
    }
    dispatcher = OrderDispatcher(logger=logger)
    messages = dispatcher.dispatcher.get_messages(code, context)
    messages["key"] = key
    dispatcher.dispatch_order_messages(order, messages, code)


def send_status_email(order, status):
    code = STATUS_EMAILS.get(status)
    if code:
        send_order_email(order, code, key=f"order-status:{order.number}:{status}")


def send_refund_email(order, amount, reference):
    send_order_email(order, "ORDER_REFUNDED", key=f"order-refunded:{order.number}:{reference}"[:200], amount=amount)


def send_payment_failed_email(order, reason, reference):
    send_order_email(order, "PAYMENT_FAILED", key=f"payment-failed:{order.number}:{reference}"[:200], reason=reason)
