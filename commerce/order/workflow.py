"""Moving an order along its pipeline: who did it, the parcel it left in, the refund it needs.

`change_status` is what the dashboard calls, for one order or many. It locks the order,
checks the transition against settings.OSCAR_ORDER_STATUS_PIPELINE, and does the whole
change or none of it: a cancelled paid order is refunded through the payment ledger in
the same transaction, and if Stripe refuses, the order keeps its status and the reason
comes back as TransitionRefused. Stock moves with the status through the partner app's
order_status_changed receivers (commerce/partner/stock.py), in the same transaction: an
order that ships (or is delivered without being marked Shipped) takes its lines' units off
the shelf, once per line; a cancelled order gives back what its lines still hold. A
shipped order can't be cancelled (the pipeline has no Shipped → Cancelled; it comes back
as a return), and a cancelled order whose lines partly shipped keeps those units consumed.
If a stock record holds fewer units than the order ships, the change is refused and
nothing changes. Asking for the status the order already has is a no-op, so a form
submitted twice changes (and emails, and takes stock, and tells the webhooks) once.
"""
import re

from django.conf import settings
from django.db import transaction
from oscar.core.loading import get_model

from commerce.partner.stock import StockCountTooLow
from webhooks import events as webhook_events

from .emails import send_status_email

Order = get_model("order", "Order")

TRACKING_NUMBER = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 -]{3,62}[A-Za-z0-9]$")


class TransitionRefused(Exception):
    """The change can't be made; the message says why, for the merchandiser."""


def explain_refusal(order, new_status):
    allowed = order.available_statuses()
    if new_status not in Order.all_statuses():
        return f"“{new_status}” is not an order status."
    if not allowed:
        return f"Order {order.number} is {order.status}, a final status: it can't be changed to {new_status}."
    return (f"Order {order.number} can't go from {order.status} to {new_status}; "
            f"from {order.status} it can only become {' or '.join(allowed)}.")


def clean_tracking(carrier, tracking_number):
    """The carrier key and tracking number a shipment needs, or TransitionRefused saying what's missing."""
    carrier, tracking_number = (carrier or "").strip(), (tracking_number or "").strip()
    if carrier not in settings.ORDER_TRACKING_CARRIERS:
        names = ", ".join(c["name"] for c in settings.ORDER_TRACKING_CARRIERS.values())
        raise TransitionRefused(f"Choose the carrier the parcel left with ({names}) to mark it Shipped.")
    if not TRACKING_NUMBER.match(tracking_number):
        raise TransitionRefused("Enter the parcel's tracking number (5–64 letters, digits, spaces or dashes) "
                                "to mark it Shipped.")
    return carrier, tracking_number


def change_status(order, new_status, *, by=None, carrier="", tracking_number=""):
    """Apply one status change; returns (order, changed). Raises TransitionRefused."""
    with transaction.atomic():
        order = Order.objects.select_for_update().get(pk=order.pk)
        if order.status == new_status:
            return order, False
        if new_status not in order.available_statuses():
            raise TransitionRefused(explain_refusal(order, new_status))
        note = ""
        if new_status == "Shipped":
            order.carrier, order.tracking_number = clean_tracking(carrier, tracking_number)
            order.save(update_fields=["carrier", "tracking_number"])
            note = f"{order.carrier_name} {order.tracking_number}"
        elif new_status == "Cancelled":
            note = _refund_if_paid(order, by)
        try:
            order.set_status(new_status, changed_by=by, note=note)
        except StockCountTooLow as exc:
            raise TransitionRefused(f"Order {order.number} was not marked {new_status}: {exc}. Nothing was changed; "
                                    "recount the stock (units packed for orders not yet shipped still count) "
                                    "and try again.") from exc
        send_status_email(order, new_status)
        webhook_events.order_status_changed(order, new_status)
    return order, True


def _refund_if_paid(order, by):
    from commerce.payments import ledger
    from commerce.payments import stripe_gateway as gateway
    from commerce.payments.models import Payment

    payment = Payment.objects.filter(order_number=order.number, status=Payment.Status.SUCCEEDED).first()
    if payment is None or payment.refundable <= 0:
        return ""
    amount = payment.refundable
    try:
        ledger.refund_payment(payment, amount, key=f"cancel-{order.number}", user=by)
    except (gateway.GatewayError, ledger.RefundRefused) as exc:
        raise TransitionRefused(f"Order {order.number} was not cancelled: the refund of ${amount} failed "
                                f"({exc}). Nothing was changed; try again or refund it by hand first.") from exc
    return f"Refunded ${amount} to the card"
