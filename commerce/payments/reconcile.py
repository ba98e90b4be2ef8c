"""Bring our records back in line with Stripe's when a webhook or a worker went missing.

Stripe is the record of what was charged; our `Payment` rows and orders are what we meant
to charge for. They can part two ways, and a beat task (`reconcile_payments`, every five
minutes) closes both:

- **The webhook never came** (a rotated secret, an outage on either side): the order stays
  Pending although the money arrived. Payments still processing or waiting for the bank
  PAYMENT_RECONCILE_AFTER_MINUTES after their last change are asked about, and what
  Stripe says is recorded through the ledger functions the webhook uses, so the order is
  paid (and the shopper emailed) exactly once whichever of the two comes first.
- **No order for a charge**: the worker was killed, or the database failed, between the
  charge and the order being written; the request's transaction took our Payment row
  with it. Stripe's intents from the last PAYMENT_RECONCILE_LOOKBACK_HOURS that name one
  of our order numbers, are older than the same wait, and pay for no order are given
  back (refunded, or cancelled if never confirmed), and a cancelled Payment row records
  that so it is never done twice.
"""
import logging
import time
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from . import ledger
from . import stripe_gateway as gateway
from .models import Payment

logger = logging.getLogger("commerce.payments")

UNSETTLED = (Payment.Status.PROCESSING, Payment.Status.REQUIRES_ACTION)
PAGES = 10  # 1,000 intents a run: far more than a shop's card payments in the look-back window


def _wait():
    return timedelta(minutes=settings.PAYMENT_RECONCILE_AFTER_MINUTES)


def settle_from_stripe(payment):
    """Record what Stripe says about one payment, as its webhook would have; returns the outcome."""
    intent = gateway.retrieve_intent(payment.intent_id)
    with transaction.atomic():
        if intent.status == "succeeded":
            return ledger.record_success(intent.id, intent.amount)
        if intent.status == "requires_payment_method":
            return ledger.record_failure(intent.id, intent.failure_message)
        if intent.status == "canceled":
            return ledger.record_cancelled(intent.id)
    return f"still {intent.status}"


def settle_unconfirmed():
    """Payments whose webhook is overdue: {intent id: outcome}."""
    overdue = Payment.objects.filter(status__in=UNSETTLED, updated_at__lt=timezone.now() - _wait()).exclude(
        intent_id=None)
    outcomes = {}
    for payment in overdue:
        try:
            outcomes[payment.intent_id] = settle_from_stripe(payment)
        except gateway.GatewayError:
            logger.warning("Could not ask Stripe about %s; will try again", payment.intent_id)
    return outcomes


def _unplaced(intent):
    """True when this intent names one of our orders but pays for none, and isn't given back yet."""
    if not intent.order_number or intent.status not in ("succeeded", "requires_capture", "requires_confirmation",
                                                        "requires_action", "processing"):
        return False
    payment = Payment.objects.filter(intent_id=intent.id).first()
    if payment is not None and (payment.status == Payment.Status.CANCELED or ledger.order_paid_by(payment)):
        return False
    return payment is None or payment.status not in UNSETTLED or payment.updated_at < timezone.now() - _wait()


def return_unplaced_charges():
    """Charges no order pays for, given back: the intent ids returned."""
    now = int(time.time())
    since = now - settings.PAYMENT_RECONCILE_LOOKBACK_HOURS * 3600
    old_enough = now - int(_wait().total_seconds())
    returned = []
    for intent in gateway.recent_intents(since=since, pages=PAGES):
        if intent.created > old_enough or not _unplaced(intent):
            continue
        with transaction.atomic():
            payment, _ = Payment.objects.select_for_update().get_or_create(
                intent_id=intent.id,
                defaults={"order_number": intent.order_number, "idempotency_key": f"recovered:{intent.id}",
                          "amount": intent.amount, "currency": intent.currency, "status": Payment.Status.PROCESSING},
            )
            if ledger.return_payment(payment):
                logger.warning("Gave back %s (%s %s): no order %s was ever written for it", intent.id,
                               intent.amount, intent.currency, intent.order_number)
                returned.append(intent.id)
    return returned
