"""Who gets the newsletter, the newsletters editors write, and each send of one.

A newsletter is a Wagtail snippet (newsletter.campaigns explains why not a page); a send
is one mailing of it to one segment, now or at a chosen time; a recipient row records
each address a send mailed, once (unique per send), so no re-run mails anyone twice.
"""
from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.http import HttpResponse
from wagtail.fields import StreamField
from wagtail.models import DraftStateMixin, LockableMixin, PreviewableMixin, RevisionMixin

from .blocks import NewsletterBlock


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


class Newsletter(DraftStateMixin, LockableMixin, RevisionMixin, PreviewableMixin, models.Model):
    """An email editors compose in /cms/ from words, pictures and live products. Publishing
    marks a version ready to send; Marketing sends it (newsletter.campaigns)."""

    title = models.CharField(max_length=200, help_text="For the newsletter list in /cms/; subscribers don't see it")
    subject = models.CharField(max_length=200, blank=True, help_text="The email's subject; empty: the title")
    preheader = models.CharField(max_length=200, blank=True,
                                 help_text="The line mail apps show after the subject")
    body = StreamField(NewsletterBlock(), blank=True)
    promotion = models.ForeignKey(
        "content.PromotionPage", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        editable=False, help_text="Newsletters from before the editor: the promotion page they mailed")
    created_at = models.DateTimeField(auto_now_add=True)
    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="newsletter")

    class Meta:
        ordering = ["-created_at"]
        permissions = [("send_newsletter", "Can send a newsletter to subscribers, now or scheduled")]

    def __str__(self):
        return self.title

    @property
    def revisions(self):
        return self._revisions

    @property
    def email_subject(self):
        return self.subject or self.title

    # newsletter.personalisation.preview, set by the app's ready(): rendering reads these models,
    # so the models don't import it.
    draw_preview = None

    def serve_preview(self, request, mode_name):
        """The email as it will be sent (prices and stock as of now), with the editor's own links."""
        return HttpResponse(self.draw_preview(request))


class Send(models.Model):
    """One mailing of a newsletter to one segment: scheduled, sending, sent or cancelled.

    The body is rendered once when the send starts and kept here, so every batch (and a
    send resumed after a worker died) mails the same email."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        CANCELLED = "cancelled", "Cancelled"

    class Segment(models.TextChoices):
        ALL = "all", "All confirmed subscribers"
        CATEGORY = "category", "Customers who bought from a category"
        LAPSED = "lapsed", "Customers with no order in the last N days"
        NEVER_ORDERED = "never_ordered", "Subscribers who never ordered"

    newsletter = models.ForeignKey(Newsletter, on_delete=models.PROTECT, related_name="sends")
    segment = models.CharField(max_length=16, choices=Segment.choices, default=Segment.ALL)
    category = models.ForeignKey("catalogue.Category", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="+", help_text="For the category segment")
    days = models.PositiveIntegerField(null=True, blank=True, help_text="For the no-order-in-N-days segment")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SCHEDULED, db_index=True)
    send_at = models.DateTimeField(help_text="When it goes out (the moment it was asked for, for 'send now')")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    progress_at = models.DateTimeField(null=True, blank=True,
                                       help_text="Last sign of life of its batches (a stalled send is resumed)")
    audience_at = models.DateTimeField(null=True, blank=True, help_text="When its recipients were listed")
    recipients = models.PositiveIntegerField(default=0)
    subject = models.CharField(max_length=200, blank=True)
    body_html = models.TextField(blank=True, help_text="Rendered once at the start, personalised per recipient")
    body_text = models.TextField(blank=True)
    key_prefix = models.CharField(max_length=60, blank=True,
                                  help_text="The outbox keys of its emails start with this (figures)")

    class Meta:
        ordering = ["-send_at"]

    def __str__(self):
        return f"{self.newsletter} to {self.get_segment_display().lower()} ({self.get_status_display()})"

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        if not self.key_prefix:
            self.key_prefix = f"newsletter-send:{self.pk}:"
            super().save(update_fields=["key_prefix"])


class Recipient(models.Model):
    """One address a send mails, listed once when the send starts; `queued_at` says its email
    is in the outbox (with `key`), `skipped` that it opted out before its batch ran."""

    send = models.ForeignKey(Send, on_delete=models.CASCADE, related_name="recipient_rows")
    subscriber = models.ForeignKey(Subscriber, null=True, on_delete=models.SET_NULL, related_name="+")
    email = models.EmailField()
    key = models.CharField(max_length=200, blank=True)
    queued_at = models.DateTimeField(null=True, blank=True)
    skipped = models.BooleanField(default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["send", "email"], name="one_email_per_send")]
        indexes = [models.Index(fields=["send", "queued_at"])]

    def __str__(self):
        return self.email
