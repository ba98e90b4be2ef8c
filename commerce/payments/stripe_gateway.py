"""The only module that talks to Stripe: a few typed calls, plain data back.

Everything else in the project sees `Intent`, `RefundResult` and `WebhookEvent` values and
the two exceptions below, never the `stripe` package. Amounts cross this boundary as
Decimal in the shop's currency and become integer minor units only here. Every call that
creates something carries our own idempotency key, so a retried request can't charge or
refund twice at Stripe's end.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal

import stripe
from django.conf import settings


class PaymentDeclined(Exception):
    """The card was refused; the message is Stripe's, fit to show the shopper."""


class GatewayError(Exception):
    """Stripe could not be reached or refused the request for a reason that isn't the card."""


class InvalidWebhook(Exception):
    """A webhook whose signature is missing, forged, or too old, or whose body isn't JSON."""


@dataclass(frozen=True)
class Intent:
    id: str
    status: str  # Stripe's PaymentIntent status, e.g. "succeeded", "requires_action"
    amount: Decimal
    currency: str
    client_secret: str
    failure_message: str = ""
    order_number: str = ""  # from our metadata
    created: int = 0  # Unix time


@dataclass(frozen=True)
class CardDetails:
    """A card PaymentMethod as the shop may show it: never the number, only brand and last four."""

    id: str
    customer: str  # the Stripe Customer it is attached to, "" if none
    brand: str
    last4: str
    exp_month: int
    exp_year: int


@dataclass(frozen=True)
class RefundResult:
    id: str
    amount: Decimal


@dataclass(frozen=True)
class WebhookEvent:
    id: str
    type: str
    created: int
    object: dict


def to_minor(amount: Decimal) -> int:
    return int((Decimal(amount) * 100).quantize(Decimal("1")))


def from_minor(amount: int) -> Decimal:
    return (Decimal(amount) / 100).quantize(Decimal("0.01"))


_clients = {}


def _client() -> stripe.StripeClient:
    """One client per configuration and process (its HTTP session is reused between calls).

    Every call is bounded: STRIPE_CONNECT_TIMEOUT and STRIPE_READ_TIMEOUT per try, and
    STRIPE_NETWORK_RETRIES more tries (safe: every call that creates something carries our
    idempotency key), so a slow or silent Stripe costs a shopper seconds, never minutes.
    """
    config = (settings.STRIPE_SECRET_KEY, settings.STRIPE_API_BASE, settings.STRIPE_CONNECT_TIMEOUT,
              settings.STRIPE_READ_TIMEOUT, settings.STRIPE_NETWORK_RETRIES)
    if config not in _clients:
        base = {"api": settings.STRIPE_API_BASE} if settings.STRIPE_API_BASE else None
        http = stripe.RequestsClient(timeout=(settings.STRIPE_CONNECT_TIMEOUT, settings.STRIPE_READ_TIMEOUT))
        _clients[config] = stripe.StripeClient(settings.STRIPE_SECRET_KEY, base_addresses=base, http_client=http,
                                               max_network_retries=settings.STRIPE_NETWORK_RETRIES)
    return _clients[config]


def _intent(obj) -> Intent:
    obj = obj.to_dict()
    error = obj.get("last_payment_error") or {}
    return Intent(
        id=obj["id"], status=obj["status"], amount=from_minor(obj["amount"]), currency=obj["currency"].upper(),
        client_secret=obj.get("client_secret") or "", failure_message=(error.get("message") or ""),
        order_number=(obj.get("metadata") or {}).get("order_number", ""), created=int(obj.get("created") or 0),
    )


def create_intent(*, amount: Decimal, currency: str, payment_method_id: str, order_number: str,
                  email: str, idempotency_key: str, customer_id: str = "") -> Intent:
    """Create and confirm a card PaymentIntent for an order; raise PaymentDeclined if refused.

    With `customer_id` the intent is the customer's, as Stripe requires for a card saved
    on (attached to) that customer.
    """
    params = {
        "amount": to_minor(amount), "currency": currency.lower(), "payment_method": payment_method_id,
        "payment_method_types": ["card"], "confirm": True,
        "metadata": {"order_number": order_number, "email": email},
    }
    if customer_id:
        params["customer"] = customer_id
    try:
        return _intent(_client().v1.payment_intents.create(params=params, options={"idempotency_key": idempotency_key}))
    except stripe.CardError as exc:
        raise PaymentDeclined(exc.user_message or "Your card was declined.") from exc
    except stripe.StripeError as exc:
        raise GatewayError(str(exc)) from exc


def _card(obj) -> CardDetails:
    obj = obj.to_dict()
    card = obj.get("card") or {}
    return CardDetails(id=obj["id"], customer=obj.get("customer") or "", brand=card.get("brand") or "card",
                       last4=card.get("last4") or "", exp_month=int(card.get("exp_month") or 0),
                       exp_year=int(card.get("exp_year") or 0))


def create_customer(*, email: str, user_id: int, idempotency_key: str) -> str:
    """A Stripe Customer for one of our accounts (cards are saved on it); returns its id."""
    try:
        customer = _client().v1.customers.create(
            params={"email": email, "metadata": {"user_id": str(user_id)}},
            options={"idempotency_key": idempotency_key},
        )
    except stripe.StripeError as exc:
        raise GatewayError(str(exc)) from exc
    return customer.id


def attach_card(*, payment_method_id: str, customer_id: str) -> CardDetails:
    """Save a card on a customer; raise PaymentDeclined if the bank refuses it."""
    try:
        return _card(_client().v1.payment_methods.attach(payment_method_id, params={"customer": customer_id}))
    except stripe.CardError as exc:
        raise PaymentDeclined(exc.user_message or "Your card was declined.") from exc
    except stripe.StripeError as exc:
        raise GatewayError(str(exc)) from exc


def retrieve_card(payment_method_id: str) -> CardDetails:
    try:
        return _card(_client().v1.payment_methods.retrieve(payment_method_id))
    except stripe.StripeError as exc:
        raise GatewayError(str(exc)) from exc


def detach_card(payment_method_id: str) -> None:
    """Take a saved card off its customer: Stripe can no longer charge it for us."""
    try:
        _client().v1.payment_methods.detach(payment_method_id)
    except stripe.StripeError as exc:
        raise GatewayError(str(exc)) from exc


def delete_customer(customer_id: str) -> None:
    """Delete a Stripe Customer (its email and saved cards) when the account is deleted."""
    try:
        _client().v1.customers.delete(customer_id)
    except stripe.StripeError as exc:
        raise GatewayError(str(exc)) from exc


def retrieve_intent(intent_id: str) -> Intent:
    try:
        return _intent(_client().v1.payment_intents.retrieve(intent_id))
    except stripe.StripeError as exc:
        raise GatewayError(str(exc)) from exc


def recent_intents(*, since: int, pages: int) -> list[Intent]:
    """Intents created at or after `since` (Unix time), newest first, reading at most `pages`
    pages of 100: the reconciliation's look at what Stripe holds that we may not."""
    found, params = [], {"limit": 100}
    try:
        for _ in range(pages):
            page = _client().v1.payment_intents.list(params=params)
            intents = [_intent(obj) for obj in page.data]
            found += [intent for intent in intents if intent.created >= since]
            if not page.has_more or not intents:
                break
            params = {"limit": 100, "starting_after": intents[-1].id}
    except stripe.StripeError as exc:
        raise GatewayError(str(exc)) from exc
    return found


def cancel_intent(intent_id: str) -> Intent:
    try:
        return _intent(_client().v1.payment_intents.cancel(intent_id))
    except stripe.StripeError as exc:
        raise GatewayError(str(exc)) from exc


def refund(*, intent_id: str, amount: Decimal, idempotency_key: str) -> RefundResult:
    try:
        result = _client().v1.refunds.create(
            params={"payment_intent": intent_id, "amount": to_minor(amount)},
            options={"idempotency_key": idempotency_key},
        )
    except stripe.StripeError as exc:
        raise GatewayError(str(exc)) from exc
    return RefundResult(id=result.id, amount=from_minor(result.amount))


def parse_webhook(payload: bytes, signature: str) -> WebhookEvent:
    """Check the Stripe-Signature header against STRIPE_WEBHOOK_SECRET (5-minute tolerance)."""
    try:
        stripe.Webhook.construct_event(payload, signature, settings.STRIPE_WEBHOOK_SECRET)
        data = json.loads(payload)
        return WebhookEvent(id=data["id"], type=data["type"], created=int(data["created"]),
                            object=data["data"]["object"])
    except (stripe.SignatureVerificationError, ValueError, KeyError, TypeError) as exc:
        raise InvalidWebhook(str(exc) or "invalid webhook") from exc
