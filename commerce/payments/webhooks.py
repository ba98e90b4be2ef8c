"""POST /stripe/webhook/: Stripe tells us what happened to a payment.

Only a body whose Stripe-Signature checks out against STRIPE_WEBHOOK_SECRET (and is
less than five minutes old) is read; anything else is a 400 and changes nothing. Each
event is stored once by its id: a redelivery answers 200 and does nothing. An event for
an intent we don't know yet (its checkout request hasn't committed) answers 409 and is
not stored, so Stripe delivers it again later. Each event type is one ledger call; what a
payment_intent.succeeded leads to is written down in commerce/order/emails.py.
"""
import logging
from datetime import UTC, datetime

from django.db import IntegrityError, transaction
from django.http import HttpResponseBadRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from . import ledger
from . import stripe_gateway as gateway
from .models import StripeEvent

logger = logging.getLogger("commerce.payments")


class NotReady(Exception):
    pass


def apply(event):
    obj = event.object
    if event.type == "payment_intent.succeeded":
        outcome = ledger.record_success(obj["id"], gateway.from_minor(obj.get("amount_received") or obj["amount"]))
    elif event.type == "payment_intent.payment_failed":
        outcome = ledger.record_failure(obj["id"], (obj.get("last_payment_error") or {}).get("message", ""))
    elif event.type == "payment_intent.canceled":
        outcome = ledger.record_cancelled(obj["id"])
    elif event.type == "charge.refunded":
        outcome = ledger.reconcile_refunds(obj.get("payment_intent"), gateway.from_minor(obj["amount_refunded"]))
    else:
        return "ignored: event type not handled"
    if outcome is None:
        if (obj.get("metadata") or {}).get("order_number"):
            raise NotReady(obj.get("id"))
        return "ignored: not one of our payments"
    return outcome


@csrf_exempt
@require_POST
def stripe_webhook(request):
    try:
        event = gateway.parse_webhook(request.body, request.headers.get("Stripe-Signature", ""))
    except gateway.InvalidWebhook as exc:
        logger.warning("Rejected a Stripe webhook: %s", exc)
        return HttpResponseBadRequest("Invalid Stripe webhook signature.")
    try:
        with transaction.atomic():
            try:
                with transaction.atomic():
                    stored = StripeEvent.objects.create(
                        id=event.id, type=event.type, payload=event.object,
                        created=datetime.fromtimestamp(event.created, tz=UTC),
                    )
            except IntegrityError:
                return JsonResponse({"received": True, "outcome": "duplicate: already handled"})
            stored.outcome = apply(event)
            stored.save(update_fields=["outcome"])
    except NotReady:
        logger.info("Stripe event %s (%s) is for an intent we don't know yet; asking for redelivery", event.id,
                    event.type)
        return JsonResponse({"received": False, "outcome": "unknown payment, retry later"}, status=409)
    logger.info("Stripe event %s (%s): %s", event.id, event.type, stored.outcome)
    return JsonResponse({"received": True, "outcome": stored.outcome})
