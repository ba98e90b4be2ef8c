"""Who gets the promotions newsletter, and each newsletter sent."""
from django.conf import settings
from django.db import models


class Subscriber(models.Model):
    """One email address and what it agreed to: the newsletter (waiting for its confirmation
    click, subscribed, opted out, or never asked), basket reminders and open/click tracking.

    An address with no row has asked for nothing and refused nothing (newsletter.preferences
    says what that means for each kind of marketing email)."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for confirmation"
        SUBSCRIBED = "subscribed", "Subscribed"
        UNSUBSCRIBED = "unsubscribed", "Opted out"
        NEVER = "never", "Never subscribed"

    email = models.EmailField(unique=True, help_text="Stored in lower case")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="+")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PENDING, db_index=True)
    requested_at = models.DateTimeField(help_text="When the latest confirmation email was asked for")
    confirmed_at = models.DateTimeField(null=True, blank=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)
    unsubscribed_via = models.CharField(
        max_length=200, blank=True, help_text="The outbox key of the email whose link opted the address out")
    reminders = models.BooleanField(default=True, help_text="Basket reminders allowed (guests also need consent)")
    tracking = models.BooleanField(default=True, help_text="Opens and clicks of marketing email may be counted")
    changed_at = models.DateTimeField(null=True, blank=True, help_text="When a preference was last changed")

    class Meta:
        ordering = ["email"]

    def __str__(self):
        return f"{self.email} ({self.get_status_display()})"


class Newsletter(models.Model):
    """A promotion page mailed to every confirmed subscriber (once each, whatever happens)."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Not sent"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"

    promotion = models.ForeignKey("content.PromotionPage", on_delete=models.PROTECT, related_name="+")
    subject = models.CharField(max_length=200, blank=True, help_text="Empty: the promotion's title")
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.DRAFT)
    recipients = models.PositiveIntegerField(default=0, help_text="Emails queued so far")
    created_at = models.DateTimeField(auto_now_add=True)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="+")
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return self.subject or self.promotion.title
