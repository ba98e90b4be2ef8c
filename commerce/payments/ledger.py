"""Every change to an order's money goes through here, under a row lock on its Payment.

Starting a payment, settling it from a webhook, recording a decline, refunding from the
dashboard and reconciling refunds made in Stripe's own dashboard. Each function is safe to
call twice with the same input: amounts are compared with what is already recorded, so a
redelivered or out-of-order webhook changes nothing the second time.
"""
import logging
from decimal import Decimal

from django.db.models import Q
from oscar.core.loading import get_model

from commerce.invoicing.numbering import issue_credit_note, issue_exchange_credit
from commerce.order.emails import order_paid, send_payment_failed_email, send_refund_email
from webhooks import events as webhook_events

from . import stripe_gateway as gateway
from .models import Payment, Refund

Order = get_model("order", "Order")
Source = get_model("payment", "Source")
SourceType = get_model("payment", "SourceType")
PaymentEventType = get_model("order", "PaymentEventType")
PaymentEvent = get_model("order", "PaymentEvent")
PaymentEventQuantity = get_model("order", "PaymentEventQuantity")

logger = logging.getLogger("commerce.payments")

SOURCE_NAME = "Card (Stripe)"
EXCHANGE_CREDIT_NAME = "Exchange credit"


class RefundRefused(Exception):
    """The refund asked for can't be made (nothing paid, amount out of range)."""


class AlreadyPlaced(Exception):
    """The payment already pays for a placed order: the shopper is shown that order."""

    def __init__(self, order):
        super().__init__(f"Order {order.number} was already placed.")
        self.order = order


def card_source_type():
    return SourceType.objects.get_or_create(name=SOURCE_NAME)[0]


def exchange_credit_source_type():
    return SourceType.objects.get_or_create(name=EXCHANGE_CREDIT_NAME)[0]


def credit_exchange(order, replacement, amount, *, description):
    """Move `amount` of `order`'s returned goods onto its exchange's `replacement` order, once.

    No card is involved: a credit note against `order`'s invoice says so on paper, and
    Oscar's payment sources say it in the money records, credited back on `order` and
    debited on `replacement`, so the sales and customer reports net it like a refund and
    the replacement counts as paid by that much.
    """
    note = issue_exchange_credit(order, replacement, amount, description)
    kind = exchange_credit_source_type()
    _, new = Source.objects.get_or_create(order=order, reference=note.number, defaults={
        "source_type": kind, "currency": order.currency, "amount_refunded": amount,
        "label": f"Credited toward order {replacement.number}"})
    Source.objects.get_or_create(order=replacement, reference=note.number, defaults={
        "source_type": kind, "currency": replacement.currency, "amount_allocated": amount, "amount_debited": amount,
        "label": f"Items returned from order {order.number}"})
    if new:
        _event(order, "Credited to exchange", amount, note.number)
        _event(replacement, "Paid by exchange credit", amount, note.number)
    return note


def start_payment(*, order_number, amount, currency, payment_method_id, email, client="", customer_id=""):
    """Create (once) and confirm the PaymentIntent for an order; raises PaymentDeclined.

    The key names the order, the card and the amount: submitting the same order twice
    reuses the first intent (our row, and Stripe's idempotency key), while a new card
    after a decline, or a changed basket, is a new attempt. An attempt that was given
    back (the order could not be written) is never reused: the next try is a new
    intent under a new key. One that already pays for a placed order raises
    AlreadyPlaced instead of being charged for again. `customer_id` makes the intent the
    Stripe Customer's, for a card saved on them (commerce/payments/saved_cards.py).
    """
    base = f"order:{order_number}:{payment_method_id}:{gateway.to_minor(amount)}"
    tries = list(Payment.objects.select_for_update().filter(order_number=order_number)
                 .filter(Q(idempotency_key=base) | Q(idempotency_key__startswith=f"{base}:retry-")))
    live = [p for p in tries if p.status != Payment.Status.CANCELED]
    if live:
        existing = live[0]
        if existing.status == Payment.Status.FAILED:
            raise gateway.PaymentDeclined(existing.failure_message or "Your card was declined.")
        placed = order_paid_by(existing)
        if placed is not None:
            raise AlreadyPlaced(placed)
        return existing
    key = f"{base}:retry-{len(tries)}" if tries else base
    try:
        intent = gateway.create_intent(amount=amount, currency=currency, payment_method_id=payment_method_id,
                                       order_number=order_number, email=email, idempotency_key=key,
                                       customer_id=customer_id)
    except gateway.PaymentDeclined as exc:
        Payment.objects.create(order_number=order_number, idempotency_key=key, amount=amount, currency=currency,
                               status=Payment.Status.FAILED, failure_message=str(exc)[:255], client=client)
        raise
    return Payment.objects.create(
        order_number=order_number, idempotency_key=key, intent_id=intent.id, amount=intent.amount,
        currency=intent.currency, status=_status(intent.status), failure_message=intent.failure_message[:255],
        client=client,
    )


def _status(stripe_status):
    return {
        "succeeded": Payment.Status.PROCESSING,  # money is only "ours" once the webhook says so
        "requires_action": Payment.Status.REQUIRES_ACTION,
        "requires_payment_method": Payment.Status.FAILED,
        "canceled": Payment.Status.CANCELED,
    }.get(stripe_status, Payment.Status.PROCESSING)


def _locked(intent_id):
    if not intent_id:
        return None
    return Payment.objects.select_for_update().filter(intent_id=intent_id).first()


def order_paid_by(payment):
    """The placed order this payment pays for, or None.

    Found through the order's payment source, which names the intent: never by order
    number alone, because a basket whose placement failed tries again under the same
    number, and the given-back intent must never settle or refund the later order.
    """
    if not payment.intent_id:
        return None
    return Order.objects.filter(number=payment.order_number, sources__reference=payment.intent_id).first()


def _event(order, name, amount, reference, with_lines=False):
    event = PaymentEvent.objects.create(
        order=order, event_type=PaymentEventType.objects.get_or_create(name=name)[0],
        amount=amount, reference=reference,
    )
    if with_lines:
        PaymentEventQuantity.objects.bulk_create(
            PaymentEventQuantity(event=event, line=line, quantity=line.quantity) for line in order.lines.all()
        )


def _source(order, payment):
    source, _ = Source.objects.get_or_create(
        order=order, reference=payment.intent_id,
        defaults={"source_type": card_source_type(), "currency": payment.currency, "amount_allocated": payment.amount},
    )
    return source


def record_success(intent_id, amount):
    """Settle a payment; returns what happened, or None if we don't know the intent (yet).

    Books the money on the order, then hands it to commerce.order.emails.order_paid for
    what follows (the order's status, the confirmation email): the whole paid-order path
    is written down there. Called by the webhook and by the reconciliation.
    """
    payment = _locked(intent_id)
    order = payment and order_paid_by(payment)
    if order is not None:
        order = Order.objects.select_for_update().get(pk=order.pk)
    if order is None:
        return "ignored: the order was never placed and the payment was returned" if payment and \
            payment.status == Payment.Status.CANCELED else None
    if payment.status == Payment.Status.SUCCEEDED:
        return "already paid"
    payment.status, payment.failure_message = Payment.Status.SUCCEEDED, ""
    payment.save(update_fields=["status", "failure_message", "updated_at"])
    _source(order, payment).debit(amount, reference=intent_id)
    _event(order, "Paid", amount, intent_id, with_lines=True)
    if order.status == "Cancelled":
        # Paid after we gave up waiting: the goods are released, so the money goes back.
        refund_payment(payment, payment.refundable, key=f"cancelled-order:{intent_id}")
        return "paid after cancellation: refunded"
    order_paid(order)
    webhook_events.order_paid(order)
    return "paid"


def return_payment(payment):
    """The order could not be written after the card was charged: give the money back.

    Never for a payment that pays for a placed order (a second "Place order" for the
    same basket finds the first one's payment): that money is the order's. If Stripe
    can't be reached, the payment stays as it is and the reconciliation gives it back
    later (commerce/payments/reconcile.py). Returns whether the payment was given back.
    """
    payment = _locked(payment.intent_id) or payment
    if order_paid_by(payment) is not None:
        logger.error("Not returning payment %s: it pays for order %s", payment.intent_id, payment.order_number)
        return False
    try:
        intent = gateway.retrieve_intent(payment.intent_id)
        if intent.status == "succeeded":
            gateway.refund(intent_id=intent.id, amount=intent.amount, idempotency_key=f"unplaced:{intent.id}")
        elif intent.status != "canceled":
            gateway.cancel_intent(intent.id)
    except gateway.GatewayError:
        logger.warning("Payment %s for unplaced order %s could not be given back yet; the reconciliation will",
                       payment.intent_id, payment.order_number)
        return False
    Payment.objects.filter(pk=payment.pk).update(status=Payment.Status.CANCELED)
    return True


def record_failure(intent_id, message):
    payment = _locked(intent_id)
    if payment is None:
        return None
    if payment.status == Payment.Status.SUCCEEDED:
        return "ignored: already paid"
    payment.status, payment.failure_message = Payment.Status.FAILED, (message or "Your card was declined.")[:255]
    payment.save(update_fields=["status", "failure_message", "updated_at"])
    order = Order.objects.filter(number=payment.order_number).first()
    if order is not None:  # a decline at checkout has no order yet: the shopper sees it on the page
        send_payment_failed_email(order, payment.failure_message, intent_id)
    return "declined"


def record_cancelled(intent_id):
    payment = _locked(intent_id)
    if payment is None:
        return None
    if payment.status in (Payment.Status.SUCCEEDED, Payment.Status.CANCELED):
        return "ignored"
    payment.status = Payment.Status.CANCELED
    payment.save(update_fields=["status", "updated_at"])
    return "cancelled"


def _apply_refund(payment, amount, reference, refund=None):
    """Book a refund on the payment, and on its order's ledger if it pays for one.

    A refund we asked for (a `Refund` row) gets its credit note against the order's invoice,
    which goes with the refund email.
    """
    payment.amount_refunded += amount
    payment.save(update_fields=["amount_refunded", "updated_at"])
    order = order_paid_by(payment)
    if order is None:  # given back before any order was written: nobody else's order is touched
        return
    _source(order, payment).refund(amount, reference=reference)
    _event(order, "Refunded", amount, reference)
    credit_note = issue_credit_note(refund, order) if refund is not None else None
    send_refund_email(order, amount, reference, credit_note=credit_note)
    webhook_events.order_refunded(order, amount, reference)


def refund_payment(payment, amount, *, key, user=None):
    """Refund part or all of a settled payment through Stripe; the same key refunds once."""
    payment = _locked(payment.intent_id)
    done = Refund.objects.filter(key=key).first()
    if done is not None:
        return done
    amount = Decimal(amount).quantize(Decimal("0.01"))
    if amount <= 0 or amount > payment.refundable:
        raise RefundRefused(f"A refund must be between $0.01 and ${payment.refundable} (what is left to refund).")
    result = gateway.refund(intent_id=payment.intent_id, amount=amount, idempotency_key=f"refund:{key}")
    refund = Refund.objects.create(payment=payment, key=key, amount=result.amount, stripe_refund_id=result.id,
                                   created_by=user)
    _apply_refund(payment, result.amount, result.id, refund=refund)
    return refund


def reconcile_refunds(intent_id, total_refunded):
    """Bring our records up to Stripe's refunded total (refunds made in Stripe's dashboard)."""
    payment = _locked(intent_id)
    if payment is None:
        return None
    missing = Decimal(total_refunded) - payment.amount_refunded
    if missing <= 0:
        return "refunds already recorded"
    _apply_refund(payment, missing, f"{intent_id}:stripe-dashboard")
    if order_paid_by(payment) is None:
        return f"refund of {missing} recorded for a payment whose order was never placed"
    return f"refund of {missing} recorded"
