"""Mailing a newsletter in batches on Celery.

`send_newsletter` splits the confirmed subscribers into batches of NEWSLETTER_BATCH_SIZE
and enqueues one `send_newsletter_batch` per batch. Each batch re-reads its subscribers,
so anyone who opted out after the send began is skipped, and queues each email with the
key "newsletter:<newsletter>:<subscriber>": a batch run twice mails nobody twice.

A send the broker refuses is undone: the newsletter goes back to draft (nothing was
mailed), and the admin action that started it says so (newsletter.admin).
"""
from celery import shared_task
from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from config.background import undo
from outbox.outbox import queue_event_email

from .models import Newsletter, Subscriber
from .preferences import marketing_headers, preferences_url, unsubscribe_url
from .subscriptions import absolute


def back_to_draft(newsletter_id):
    """Undo a send that never started, so it can be sent again instead of showing "sending" for ever."""
    Newsletter.objects.filter(pk=newsletter_id, status=Newsletter.Status.SENDING).update(
        status=Newsletter.Status.DRAFT, sent_by=None)


@shared_task(broker_down=undo(back_to_draft, "the newsletter is back to draft"))
def send_newsletter(newsletter_id):
    ids = list(Subscriber.objects.filter(status=Subscriber.Status.SUBSCRIBED).order_by("pk")
               .values_list("pk", flat=True))
    size = settings.NEWSLETTER_BATCH_SIZE
    for start in range(0, len(ids), size):
        send_newsletter_batch.delay(newsletter_id, ids[start:start + size])
    Newsletter.objects.filter(pk=newsletter_id).update(status=Newsletter.Status.SENT, sent_at=timezone.now())
    return len(ids)


@shared_task
def send_newsletter_batch(newsletter_id, subscriber_ids):
    newsletter = Newsletter.objects.select_related("promotion").get(pk=newsletter_id)
    page = newsletter.promotion.specific
    queued = 0
    with transaction.atomic():
        for subscriber in Subscriber.objects.filter(pk__in=subscriber_ids, status=Subscriber.Status.SUBSCRIBED):
            key = f"newsletter:{newsletter.pk}:{subscriber.pk}"
            queue_event_email(subscriber.email, "NEWSLETTER", key=key, newsletter=newsletter,
                              subject=newsletter.subject or page.title, page=page, page_url=absolute(page.url or "/"),
                              unsubscribe_url=unsubscribe_url(subscriber.email, "newsletter", key),
                              preferences_url=preferences_url(subscriber.email),
                              headers=marketing_headers(subscriber.email, "newsletter", key))
            queued += 1
        Newsletter.objects.filter(pk=newsletter_id).update(recipients=F("recipients") + queued)
    return queued
