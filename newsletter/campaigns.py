"""Sending a newsletter: scheduled or now, to one segment, in rate-limited batches, once each.

Why a snippet and not a page: a newsletter is never served at an address of the site (it
is mailed), so it needs none of a page's tree, URL or routing; a snippet with drafts,
revisions and preview gives editors the same editor, history and "Preview" without a
public page to hide.

How a send goes out, and why nobody is mailed twice:

1. `schedule` stores a Send (`send_at` now or later). Beat runs `start_due` (newsletter.tasks)
   every minute:
   due sends are taken with select_for_update(skip_locked), so two beats never start the
   same one, and moved to "sending" in that transaction; "send now" does the same at once.
The steps 2–4 are newsletter.batching:

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
from datetime import timedelta

from django.db.models import Count, Q
from django.utils import timezone

from outbox.models import OutgoingEmail
from outbox.outbox import queue_email

from . import personalisation
from .models import Send
from .personalisation import Tracking, personalise
from .rendering import render_newsletter
from .segments import audience
from .tasks import start_due


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
