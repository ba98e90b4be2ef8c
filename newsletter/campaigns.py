"""Sending a newsletter: scheduled or now, to one segment, in rate-limited batches, once each.

Why a snippet and not a page: a newsletter is never served at an address of the site (it
is mailed), so it needs none of a page's tree, URL or routing; a snippet with drafts,
revisions and preview gives editors the same editor, history and "Preview" without a
public page to hide.

How a send goes out, and why nobody is mailed twice:

1. `schedule` stores a Send (`send_at` now or later). Beat runs `start_due` every minute:
   due sends are taken with select_for_update(skip_locked), so two beats never start the
   same one, and moved to "sending" in that transaction; "send now" does the same at once.
2. `prepare` renders the body once (kept on the Send) and lists the segment's subscribers
   as Recipient rows, unique per (send, email): listing again adds nobody twice.
3. `batches` splits the recipients not yet queued into NEWSLETTER_BATCH_SIZE; the task
   schedules them NEWSLETTER_BATCH_SIZE / NEWSLETTER_EMAILS_PER_MINUTE minutes apart.
4. `queue_batch` locks its rows (skip_locked: a duplicate batch takes none), skips anyone
   who opted out meanwhile, and queues each email in the outbox with the recipient's key
   in the same transaction that marks the row queued. A batch run twice finds its rows
   queued; an outbox key can only be queued once; the outbox delivers each row once.
5. A send whose worker died stops making progress; `start_due` resumes any send with no
   progress for NEWSLETTER_RESUME_AFTER_SECONDS, which re-plans the batches still to go.
"""
import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from outbox.models import OutgoingEmail
from outbox.outbox import queue_email, queue_many

from . import personalisation
from .models import Recipient, Send
from .personalisation import Tracking, personalise
from .rendering import render_newsletter
from .segments import audience, audience_of, confirmed

logger = logging.getLogger(__name__)
LISTING_CHUNK = 2000


class NotSendable(ValueError):
    """A send that can't be made as asked; the message says why, for the send page."""


def schedule(newsletter, *, segment, category=None, days=None, send_at=None, by=None):
    """Store a send of the newsletter's published version; one due now starts at once (after commit)."""
    if not newsletter.live:
        raise NotSendable("Publish the newsletter first: a send mails its published version.")
    audience(segment, category=category, days=days)  # SegmentError for a missing parameter
    now = timezone.now()
    if send_at is not None and send_at < now - timedelta(minutes=1):
        raise NotSendable("That time has passed: choose a time in the future, or send now.")
    send = Send.objects.create(newsletter=newsletter, segment=segment, category=category, days=days,
                               send_at=send_at or now, created_by=by)
    if send.send_at <= now:
        start_due()
    return send


def cancel(send_id):
    """Cancel a scheduled send that hasn't started; False if it already has (or was cancelled)."""
    return bool(Send.objects.filter(pk=send_id, status=Send.Status.SCHEDULED).update(status=Send.Status.CANCELLED))


def start_due():
    """Start the sends that are due and resume stalled ones, each exactly once (beat, every minute)."""
    from .tasks import run_send

    now = timezone.now()
    with transaction.atomic():
        due = list(Send.objects.select_for_update(skip_locked=True)
                   .filter(status=Send.Status.SCHEDULED, send_at__lte=now).values_list("pk", flat=True))
        Send.objects.filter(pk__in=due).update(status=Send.Status.SENDING, started_at=now, progress_at=now)
        stalled = list(Send.objects.select_for_update(skip_locked=True)
                       .filter(status=Send.Status.SENDING, progress_at__lt=now - timedelta(seconds=resume_after()))
                       .values_list("pk", flat=True))
        Send.objects.filter(pk__in=stalled).update(progress_at=now)
        for pk in due + stalled:
            run_send.queue_after_commit(pk)
    if stalled:
        logger.warning("Resuming newsletter sends that stopped making progress: %s", stalled)
    return {"started": due, "resumed": stalled}


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


def send_test(newsletter, user):
    """The newsletter's latest version to the signed-in staff member only, marked [Test]; not a send."""
    rendered = render_newsletter(newsletter)
    return queue_email(to=user.email, subject=f"[Test] {rendered.subject}", kind="NEWSLETTER_TEST",
                       body=personalise(rendered.text, key="", email=user.email),
                       html=personalise(rendered.html, key="", email=user.email),
                       headers=personalisation.headers(user.email, ""))


TRACKED = ("opened", "clicked", "unsubscribed", "revenue")


def tracked(key_prefix):
    """Opens, clicks, unsubscribes and revenue of the emails whose keys start with `key_prefix`,
    from the registered tracker (newsletter.personalisation.Tracking); None each without one."""
    if Tracking.figures is None:
        return dict.fromkeys(TRACKED)
    found = Tracking.figures(key_prefix) or {}
    return {name: found.get(name) for name in TRACKED}


def figures(send):
    """What a send did: recipients listed, emails queued, delivered and failed (outbox rows), and tracking."""
    outbox = OutgoingEmail.objects.filter(key__startswith=send.key_prefix).aggregate(
        queued=Count("pk"), delivered=Count("pk", filter=Q(status=OutgoingEmail.Status.SENT)),
        failed=Count("pk", filter=Q(status=OutgoingEmail.Status.DEAD)))
    return {"recipients": send.recipients, **outbox, **tracked(send.key_prefix)}
