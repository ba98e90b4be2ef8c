"""Subscribing to the newsletter (double opt-in) and confirming, by a signed link.

The confirmation link is signed and expires after NEWSLETTER_CONFIRM_DAYS. It carries the
address itself, so nothing needs to be looked up to check it, and it can't be forged for
another address without SECRET_KEY. Opting out, of the newsletter or of any other
marketing email, is newsletter.preferences.
"""
from django.conf import settings
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from outbox.outbox import queue_event_email

from .models import Subscriber

CONFIRM_SALT = "newsletter.confirm"


def absolute(path):
    return f"{settings.WAGTAILADMIN_BASE_URL.rstrip('/')}{path}"


def confirm_url(subscriber):
    token = signing.dumps(subscriber.email, salt=CONFIRM_SALT)
    return absolute(reverse("newsletter:confirm", args=[token]))


def request_subscription(email, user=None):
    """Ask `email` to confirm (emails a link); an address already subscribed gets nothing."""
    email = email.strip().lower()
    now = timezone.now()
    with transaction.atomic():
        subscriber, _ = Subscriber.objects.select_for_update().get_or_create(
            email=email, defaults={"user": user, "requested_at": now})
        if subscriber.status == Subscriber.Status.SUBSCRIBED:
            return subscriber
        subscriber.status, subscriber.requested_at = Subscriber.Status.PENDING, now
        subscriber.user = subscriber.user or user
        subscriber.save()
        queue_event_email(email, "NEWSLETTER_CONFIRM", key=f"newsletter-confirm:{subscriber.pk}:{now.timestamp()}",
                         subscriber=subscriber, confirm_url=confirm_url(subscriber),
                         confirm_days=settings.NEWSLETTER_CONFIRM_DAYS)
    return subscriber


def confirm(token):
    """Subscribe the address in a confirmation link; None if the link is forged or too old."""
    try:
        email = signing.loads(token, salt=CONFIRM_SALT, max_age=settings.NEWSLETTER_CONFIRM_DAYS * 86400)
    except signing.BadSignature:
        return None
    subscriber = Subscriber.objects.filter(email=email).first()
    if subscriber is None or subscriber.status == Subscriber.Status.UNSUBSCRIBED:
        return None  # opted out after asking: only a new request subscribes again
    if subscriber.status != Subscriber.Status.SUBSCRIBED:
        subscriber.status, subscriber.confirmed_at = Subscriber.Status.SUBSCRIBED, timezone.now()
        subscriber.save(update_fields=["status", "confirmed_at"])
    return subscriber


def status_for(email):
    subscriber = Subscriber.objects.filter(email=email.strip().lower()).first()
    return subscriber.status if subscriber else None
