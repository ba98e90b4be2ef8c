"""An order got paid, and what the customer is told about their order.

The paid-order path, whole (other modules point here):

    Stripe's payment_intent.succeeded
    → payments/webhooks.apply (or payments/reconcile.settle_from_stripe when the webhook is late)
    → payments/ledger.record_success: the money, under the Payment's row lock (the payment
      succeeded, the order's card source debited, a "Paid" payment event); paid after the
      order was cancelled, the money goes back and nothing else happens
    → order_paid (here): a Pending order becomes Processing, a step on its timeline by the
      shop, the order is invoiced (commerce/invoicing: its number taken once), and the
      confirmation email, with the invoice PDF attached, is sent once per order (key
      "order-placed:<number>")
    → outbox.queue_event_email: rendered from the ORDER_PLACED event type and stored;
      Celery delivers it after commit (outbox.tasks.deliver_email).

A demo payment takes no money and is made at placement: checkout/views calls
order_paid(demo=True), the confirmation and its invoice go out and the order stays
Pending as placed (a demo build shows the whole paid-order path).

Every order email is an event type that merchandisers edit at /shop/dashboard/comms/,
sent with outbox.queue_event_email, logged on the order (the
data export lists it) and in the customer's email history. Each carries an outbox key
naming the order and the event, so the same event reported twice (a double-submitted
form, a redelivered webhook) emails the customer once.
"""
import logging

from django.conf import settings
from django.urls import reverse
from oscar.core.loading import get_model

from commerce.invoicing.documents import credit_note_pdf, invoice_pdf
from commerce.invoicing.numbering import issue_invoice
from outbox.outbox import queue_event_email

CommunicationEvent = get_model("order", "CommunicationEvent")
CommunicationEventType = get_model("communication", "CommunicationEventType")

logger = logging.getLogger("commerce.order")

PAID_ORDER_STATUS = "Processing"  # Pending = waiting for payment; Processing = paid, being prepared

# The status an order enters -> the email the customer gets about it.
STATUS_EMAILS = {
    "Processing": "ORDER_PROCESSING",
    "Shipped": "ORDER_SHIPPED",
    "Delivered": "ORDER_DELIVERED",
    "Cancelled": "ORDER_CANCELLED",
}


def order_paid(order, *, demo=False, request=None):
    """Everything that follows an order's payment; safe to call twice (the email goes once).

    Called in the transaction that recorded the order's money: by the payment ledger for a
    card (the order row locked), by the checkout at placement for a demo payment, which
    leaves the order Pending.
    """
    if not demo and order.status == "Pending":
        order.set_status(PAID_ORDER_STATUS)
    invoice = issue_invoice(order)
    send_order_email(order, "ORDER_PLACED", key=f"order-placed:{order.number}", request=request,
                     attachments=[(invoice.filename, invoice_pdf(invoice), "application/pdf")])


def status_path(order):
    """Where the customer follows the order: the account page, or the guest page behind its hash."""
    if order.user_id:
        return reverse("customer:order", kwargs={"order_number": order.number})
    return reverse("customer:anon-order", kwargs={"order_number": order.number, "hash": order.verification_hash()})


def send_order_email(order, code, *, key, request=None, attachments=(), **context):
    """Render event type `code` for this order and queue it to the customer (once per `key`)."""
    to = order.user.email if order.user_id else order.guest_email
    if not to:
        logger.warning("Order %s: no address to send %s to", order.number, code)
        return
    path = status_path(order)
    queued = queue_event_email(
        to, code, key=key, customer=order.user, attachments=attachments, user=order.user, order=order,
        lines=order.lines.all(), request=request, status_path=path,
        status_url=f"{settings.WAGTAILADMIN_BASE_URL.rstrip('/')}{path}", **context)
    event_type = CommunicationEventType.objects.filter(code=code).first()
    if queued is not None and event_type is not None:
        CommunicationEvent.objects.create(order=order, event_type=event_type)


def send_status_email(order, status):
    code = STATUS_EMAILS.get(status)
    if code:
        send_order_email(order, code, key=f"order-status:{order.number}:{status}")


def send_refund_email(order, amount, reference, credit_note=None):
    """The refund, with its credit note's PDF when the refund has one (commerce/invoicing)."""
    attachments = [(credit_note.filename, credit_note_pdf(credit_note), "application/pdf")] if credit_note else []
    send_order_email(order, "ORDER_REFUNDED", key=f"order-refunded:{order.number}:{reference}"[:200], amount=amount,
                     attachments=attachments)


def send_payment_failed_email(order, reason, reference):
    send_order_email(order, "PAYMENT_FAILED", key=f"payment-failed:{order.number}:{reference}"[:200], reason=reason)
