"""The mechanics of one send (the steps are explained in newsletter.campaigns): the body
rendered once, the recipients listed once, and each batch queued in the outbox once."""
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from outbox.outbox import queue_many

from . import personalisation
from .models import Recipient, Send
from .personalisation import personalise
from .rendering import render_newsletter
from .segments import audience_of, confirmed

LISTING_CHUNK = 2000


def batch_interval():
    """Seconds between two batches, so the send keeps to NEWSLETTER_EMAILS_PER_MINUTE."""
    return settings.NEWSLETTER_BATCH_SIZE * 60 / max(1, settings.NEWSLETTER_EMAILS_PER_MINUTE)


def resume_after():
    return max(settings.NEWSLETTER_RESUME_AFTER_SECONDS, 3 * batch_interval())


def prepare(send):
    """Render the body once and list the recipients; both are kept, so a resumed send reuses them."""
    if not send.body_html:
        rendered = render_newsletter(send.newsletter)
        send.subject, send.body_html, send.body_text = rendered.subject, rendered.html, rendered.text
        send.save(update_fields=["subject", "body_html", "body_text"])
    if send.audience_at is None:
        subscribers = audience_of(send).order_by("pk").values_list("pk", "email")
        chunk = []
        for pk, email in subscribers.iterator(chunk_size=LISTING_CHUNK):
            chunk.append(Recipient(send=send, subscriber_id=pk, email=email, key=f"{send.key_prefix}{pk}"))
            if len(chunk) == LISTING_CHUNK:
                Recipient.objects.bulk_create(chunk, ignore_conflicts=True)
                chunk = []
        Recipient.objects.bulk_create(chunk, ignore_conflicts=True)
        send.recipients = send.recipient_rows.count()
        send.audience_at = timezone.now()
        send.save(update_fields=["recipients", "audience_at"])
    return send


def batches(send):
    """The recipient ids still to queue, in batches of NEWSLETTER_BATCH_SIZE."""
    ids = list(send.recipient_rows.filter(queued_at=None).order_by("pk").values_list("pk", flat=True))
    size = settings.NEWSLETTER_BATCH_SIZE
    return [ids[start:start + size] for start in range(0, len(ids), size)]


def queue_batch(send_id, recipient_ids):
    """Queue one batch's emails in the outbox (see the module's step 4); returns how many were queued."""
    send = Send.objects.get(pk=send_id)
    if send.status != Send.Status.SENDING:
        return 0
    now = timezone.now()
    with transaction.atomic():
        rows = list(Recipient.objects.select_for_update(skip_locked=True)
                    .filter(send_id=send_id, pk__in=recipient_ids, queued_at=None))
        still_subscribed = set(confirmed().filter(email__in=[row.email for row in rows])
                               .values_list("email", flat=True))
        messages = []
        for row in rows:
            if row.email not in still_subscribed:
                row.skipped = True
                continue
            messages.append({"to": row.email, "subject": send.subject, "key": row.key,
                             "body": personalise(send.body_text, key=row.key, email=row.email),
                             "html": personalise(send.body_html, key=row.key, email=row.email, tracked=True),
                             "headers": personalisation.headers(row.email, row.key)})
        queued = queue_many(messages, kind="NEWSLETTER")
        # Two plain UPDATEs: bulk_update's CASE per row costs more than the emails' insert.
        Recipient.objects.filter(pk__in=[row.pk for row in rows if not row.skipped]).update(queued_at=now)
        Recipient.objects.filter(pk__in=[row.pk for row in rows if row.skipped]).update(queued_at=now, skipped=True)
        Send.objects.filter(pk=send_id).update(progress_at=now)
    finish_if_done(send_id)
    return queued


def finish_if_done(send_id):
    if not Recipient.objects.filter(send_id=send_id, queued_at=None).exists():
        Send.objects.filter(pk=send_id, status=Send.Status.SENDING).update(
            status=Send.Status.SENT, finished_at=timezone.now())
