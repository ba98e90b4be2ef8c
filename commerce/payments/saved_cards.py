"""Saved cards: a signed-in customer keeps a card at Stripe and pays with it next time.

The card itself stays at Stripe, attached to the account's Stripe Customer; we keep a
SavedCard row (brand, last four, expiry) to show it. A saved card is only ever found by
our own id *and* the signed-in account, and before it is charged Stripe is asked whether
the PaymentMethod really is attached to that account's Customer: a card id posted by
someone else is refused, never charged.
"""
import logging

from django.db import transaction

from . import stripe_gateway as gateway
from .models import SavedCard, StripeCustomer

logger = logging.getLogger("commerce.payments")

NOT_YOURS = "That saved card is not available; please choose another card or enter a new one."


class NotYourCard(Exception):
    """No saved card of the signed-in account has that id (or Stripe says it isn't theirs)."""

    def __init__(self):
        super().__init__(NOT_YOURS)


def cards_of(user):
    if not user.is_authenticated:
        return SavedCard.objects.none()
    return SavedCard.objects.filter(user=user)


def customer_id_for(user):
    """The account's Stripe Customer, made on first use (a retried request reuses it: same key)."""
    existing = StripeCustomer.objects.filter(user=user).first()
    if existing is not None:
        return existing.customer_id
    customer_id = gateway.create_customer(email=user.email, user_id=user.pk, idempotency_key=f"customer:{user.pk}")
    with transaction.atomic():
        record, _ = StripeCustomer.objects.get_or_create(user=user, defaults={"customer_id": customer_id})
    return record.customer_id


def save_card(user, payment_method_id):
    """Attach a new card to the account's Customer and remember it; raises PaymentDeclined
    if the bank refuses the card, GatewayError if Stripe doesn't answer."""
    customer_id = customer_id_for(user)
    card = gateway.attach_card(payment_method_id=payment_method_id, customer_id=customer_id)
    saved, _ = SavedCard.objects.update_or_create(
        payment_method_id=card.id, user=user,
        defaults={"stripe_customer_id": customer_id, "brand": card.brand, "last4": card.last4,
                  "exp_month": card.exp_month, "exp_year": card.exp_year},
    )
    return saved


def card_to_charge(user, saved_card_id):
    """The account's saved card with that id, checked at Stripe; raises NotYourCard otherwise."""
    card = cards_of(user).filter(pk=saved_card_id).first() if str(saved_card_id).isdigit() else None
    if card is None:
        raise NotYourCard()
    at_stripe = gateway.retrieve_card(card.payment_method_id)
    if at_stripe.customer != card.stripe_customer_id:
        raise NotYourCard()
    return card


def remove_card(card):
    """Detach the card at Stripe (it can't be charged for us again), then forget it."""
    gateway.detach_card(card.payment_method_id)
    card.delete()


def forget_customer(user):
    """The account is being deleted: its saved cards are detached and its Stripe Customer
    deleted, so nothing of the person stays at Stripe for us. If Stripe doesn't answer, the
    account is deleted all the same and the Customer's id is logged for removal by hand."""
    record = StripeCustomer.objects.filter(user=user).first()
    if record is None:
        return
    try:
        for card in cards_of(user):
            gateway.detach_card(card.payment_method_id)
        gateway.delete_customer(record.customer_id)
    except gateway.GatewayError:
        logger.error("Could not delete Stripe customer %s of a deleted account; delete it in Stripe's dashboard",
                     record.customer_id)
