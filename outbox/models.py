"""A stored outgoing email and its delivery state."""
from django.db import models


class OutgoingEmail(models.Model):
    """One message to one recipient. `key` makes queuing idempotent: the same event queues once."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        RETRYING = "retrying", "Retrying"
        DEAD = "dead", "Failed for good"

    kind = models.CharField(max_length=60, blank=True, db_index=True, help_text="What the email is for")
    key = models.CharField(max_length=200, unique=True, null=True, blank=True)
    to = models.EmailField(max_length=254)
    from_email = models.CharField(max_length=254, blank=True)
    subject = models.CharField(max_length=255)
    body_text = models.TextField()
    body_html = models.TextField(blank=True)
    attachments = models.JSONField(default=list, blank=True, help_text="[{filename, mimetype, content_b64}]")
    headers = models.JSONField(default=dict, blank=True,
                               help_text="Extra mail headers, e.g. List-Unsubscribe on marketing email")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED, db_index=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True, help_text="When a failed delivery is due again")
    claimed_until = models.DateTimeField(
        null=True, blank=True, help_text="While sending: when the worker's claim lapses and the email is due again")
    refusals = models.PositiveSmallIntegerField(
        default=0, help_text="Times the mail server refused it with a permanent (5xx) error")
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self):
        return f"{self.kind or 'email'} to {self.to}: {self.subject}"
