"""Celery beat: give up on orders nobody paid for, and reconcile with Stripe (schedule in
CELERY_BEAT_SCHEDULE)."""
import logging
from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from oscar.core.loading import get_model

from commerce.order.workflow import change_status

from . import reconcile
from . import stripe_gateway as gateway
from .models import Payment

Order = get_model("order", "Order")
logger = logging.getLogger("commerce.payments")

OPEN = (Payment.Status.REQUIRES_ACTION, Payment.Status.PROCESSING, Payment.Status.FAILED)


def _abandoned_order_numbers():
    """Pending card orders unpaid PAYMENT_ABANDONED_AFTER_MINUTES after placement, and those
    whose card has waited PAYMENT_AUTHENTICATION_MINUTES for 3-D Secure (they hold stock
    for nobody who is still there)."""
    now = timezone.now()
    unpaid = now - timedelta(minutes=settings.PAYMENT_ABANDONED_AFTER_MINUTES)
    unauthenticated = now - timedelta(minutes=settings.PAYMENT_AUTHENTICATION_MINUTES)
    waiting = Payment.objects.filter(status=Payment.Status.REQUIRES_ACTION, created_at__lt=unauthenticated)
    pending = Order.objects.filter(status="Pending")
    return (pending.filter(date_placed__lt=unpaid, number__in=Payment.objects.values("order_number"))
            | pending.filter(number__in=waiting.values("order_number"))).values_list("number", flat=True)


@shared_task
def cancel_abandoned_orders():
    """Cancel card orders nobody is paying for any more (see _abandoned_order_numbers).

    Cancelling releases the order's stock (commerce/partner/stock.py). The intent is
    cancelled at Stripe first; if Stripe says it was paid meanwhile, the order is left for
    the payment webhook to settle.
    """
    candidates = _abandoned_order_numbers()
    cancelled = 0
    for number in list(candidates):
        with transaction.atomic():
            order = Order.objects.select_for_update().get(number=number)
            payments = list(Payment.objects.select_for_update().filter(order_number=number))
            if order.status != "Pending" or any(p.status == Payment.Status.SUCCEEDED for p in payments):
                continue
            if not _cancel_at_stripe(payments):
                continue
            # Through the order workflow, so the shopper is told (the cancelled email)
            # and the change is on the order's timeline like any other.
            change_status(order, "Cancelled")
            cancelled += 1
            logger.info("Order %s cancelled: nobody paid for it in time", number)
    return cancelled


def _cancel_at_stripe(payments):
    for payment in payments:
        if payment.status not in OPEN or not payment.intent_id:
            continue
        try:
            intent = gateway.retrieve_intent(payment.intent_id)
            if intent.status in ("succeeded", "processing"):
                return False  # money is on its way; the webhook settles the order
            if intent.status != "canceled":
                gateway.cancel_intent(payment.intent_id)
        except gateway.GatewayError:
            logger.exception("Could not cancel %s at Stripe; will try again", payment.intent_id)
            return False
        payment.status = Payment.Status.CANCELED
        payment.save(update_fields=["status", "updated_at"])
    return True


@shared_task
def reconcile_payments():
    """Settle payments whose webhook is overdue and give back charges no order pays for."""
    settled = reconcile.settle_unconfirmed()
    try:
        returned = reconcile.return_unplaced_charges()
    except gateway.GatewayError:
        logger.warning("Could not list Stripe's recent payments; will try again")
        returned = []
    return {"settled": settled, "returned": returned}
