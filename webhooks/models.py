"""Endpoints merchandisers register, the events the shop emitted, and each event's delivery to each endpoint."""
import secrets
import uuid

from django.db import models


def new_secret():
    return f"whsec_{secrets.token_urlsafe(32)}"


class Endpoint(models.Model):
    """A URL of the merchandiser's that is told about the events it subscribes to, signed with its secret.

    The secret is made by the shop and shown to the merchandiser to put in their receiver;
    it has to be kept readable (not hashed) because every delivery is signed with it.
    """

    url = models.URLField("URL", max_length=500, help_text="Where the shop POSTs each event (http or https)")
    description = models.CharField(max_length=200, blank=True)
    events = models.JSONField(default=list, help_text="The event types this endpoint is sent (webhooks.events.TYPES)")
    is_active = models.BooleanField("Active", default=True, help_text="Switched off, it is sent nothing")
    secret = models.CharField(max_length=100, default=new_secret, editable=False)
    secret_rotated_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return self.description or self.url


class Event(models.Model):
    """Something that happened in the shop, with the exact JSON body every endpoint receives.

    The body is written once and kept byte for byte, so a retry or a replay sends the same
    event id and the same data. `key` names the happening ("order.shipped:100023") so
    reporting it twice stores it once.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    type = models.CharField(max_length=40, db_index=True)
    key = models.CharField(max_length=200, unique=True, null=True, blank=True)
    body = models.TextField(help_text="The JSON sent: no customer's name, email or address (webhooks/payloads.py)")
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.type} {self.id}"


class Delivery(models.Model):
    """One event on its way to one endpoint: claimed, sent, retried with backoff, then delivered or dead."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        SENDING = "sending", "Sending"
        DELIVERED = "delivered", "Delivered"
        RETRYING = "retrying", "Retrying"
        DEAD = "dead", "Failed for good"

    endpoint = models.ForeignKey(Endpoint, on_delete=models.CASCADE, related_name="deliveries")
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="deliveries")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED, db_index=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    response_status = models.PositiveSmallIntegerField(null=True, blank=True,
                                                       help_text="HTTP status of the last answer")
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True, help_text="When a failed delivery is due again")
    claimed_until = models.DateTimeField(
        null=True, blank=True, help_text="While sending: when the worker's claim lapses and the delivery is due again")
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name_plural = "deliveries"
        constraints = [models.UniqueConstraint(fields=["endpoint", "event"], name="webhooks_one_delivery_per_endpoint")]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self):
        return f"{self.event.type} to {self.endpoint.url}: {self.get_status_display()}"
