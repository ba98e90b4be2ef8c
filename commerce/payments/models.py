"""Our record of card payments, beside Oscar's ledger.

Oscar's `payment.Source` (amount allocated / debited / refunded) and `order.PaymentEvent`
rows are the money ledger the dashboard shows. These models hold what Oscar has no place
for: which Stripe PaymentIntent pays which order and in what state it is (`Payment`), the
refunds we asked for (`Refund`, keyed so a double click refunds once), and every webhook
event received (`StripeEvent`, keyed by Stripe's event id so a redelivery is a no-op).
"""
from decimal import Decimal

from django.conf import settings
from django.db import models


class Payment(models.Model):
    """One attempt to pay for an order by card (one Stripe PaymentIntent)."""

    class Status(models.TextChoices):
        REQUIRES_ACTION = "requires_action", "Waiting for the card holder to authenticate"
        PROCESSING = "processing", "Processing"
        SUCCEEDED = "succeeded", "Paid"
        FAILED = "failed", "Declined"
        CANCELED = "canceled", "Cancelled"

    order_number = models.CharField(max_length=128, db_index=True)
    idempotency_key = models.CharField(max_length=255, unique=True)
    intent_id = models.CharField(max_length=255, unique=True, null=True, blank=True)
    amount = models.DecimalField(max_digits=12, decimal_places=2)
    currency = models.CharField(max_length=12)
    status = models.CharField(max_length=32, choices=Status.choices, default=Status.PROCESSING)
    amount_refunded = models.DecimalField(max_digits=12, decimal_places=2, default=Decimal("0.00"))
    failure_message = models.CharField(max_length=255, blank=True)
    # A keyed hash of the paying client's address (never the address itself): how many
    # orders one client has waiting for the bank (commerce/payments/holds.py).
    client = models.CharField(max_length=64, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "created_at"], name="payment_status_created")]

    def __str__(self):
        return f"{self.intent_id or self.idempotency_key} ({self.status})"

    @property
    def refundable(self):
        return self.amount - self.amount_refunded if self.status == self.Status.SUCCEEDED else Decimal("0.00")


class Refund(models.Model):
    """A refund asked for from the dashboard; `key` comes from the form, so resubmitting it is a no-op."""

    payment = models.ForeignKey(Payment, on_delete=models.PROTECT, related_name="refunds")
    key = models.CharField(max_length=64, unique=True)
    amount = models.DecimalField(max_digits=12, decimal_places=2)
    stripe_refund_id = models.CharField(max_length=255, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"Refund {self.amount} of {self.payment}"


class StripeEvent(models.Model):
    """A verified webhook event, stored once; `outcome` says what it changed."""

    id = models.CharField(max_length=255, primary_key=True)
    type = models.CharField(max_length=128)
    created = models.DateTimeField(help_text="When Stripe created the event")
    payload = models.JSONField()
    received_at = models.DateTimeField(auto_now_add=True)
    outcome = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["-created"]

    def __str__(self):
        return f"{self.id} {self.type}"


class StripeCustomer(models.Model):
    """The Stripe Customer that holds an account's saved cards: one per account, made the
    first time the account saves a card (commerce/payments/saved_cards.py)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="stripe_customer")
    customer_id = models.CharField(max_length=255, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return self.customer_id


class SavedCard(models.Model):
    """A card a signed-in customer chose to keep for next time: a Stripe PaymentMethod attached to
    their Stripe Customer. Only brand, last four and expiry are kept here, to show it."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_cards")
    stripe_customer_id = models.CharField(max_length=255)
    payment_method_id = models.CharField(max_length=255, unique=True)
    brand = models.CharField(max_length=32)
    last4 = models.CharField(max_length=4)
    exp_month = models.PositiveSmallIntegerField()
    exp_year = models.PositiveSmallIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.brand.title()} ending {self.last4}, expires {self.exp_month:02d}/{self.exp_year}"
