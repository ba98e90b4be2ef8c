"""A worker's lease on a stored row it is about to send, instead of a row lock held while it talks.

The claim and record steps of the shop's outboxes, shared by the email outbox
(outbox/delivery.py) and webhook deliveries (webhooks/delivery.py). A row has a `status`
("queued", "sending", "retrying" plus its own final ones), `attempts` and
`claimed_until`:

- `claim` marks a waiting row "sending" until now + the lease, counts the attempt, and
  commits at once, so the slow part (SMTP, HTTP) runs with no lock held. While the lease
  runs no other worker takes the row; when it lapses (the worker died) the row is due
  again (`due_again`, for the drains on beat).
- `settle` writes the outcome only while the claim is still the one taken, so a worker
  whose lease lapsed can't overwrite a newer attempt.
"""
from datetime import timedelta

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

QUEUED, SENDING, RETRYING = "queued", "sending", "retrying"


def claim(queryset, pk, lease_seconds):
    """(row, until): the row taken for one attempt; None if it is done, final, or another worker's."""
    now = timezone.now()
    with transaction.atomic():
        # SKIP LOCKED: a row another transaction holds is that transaction's to deal with.
        row = queryset.select_for_update(skip_locked=True, of=("self",)).filter(pk=pk).first()
        if row is None or not _claimable(row, now):
            return None
        until = now + timedelta(seconds=lease_seconds)
        # The filter repeats what was read: on SQLite, which has no row locks, it is what
        # keeps two claimers apart (only one UPDATE matches).
        won = type(row)._default_manager.filter(
            pk=row.pk, status=row.status, claimed_until=row.claimed_until, attempts=row.attempts,
        ).update(status=SENDING, claimed_until=until, attempts=F("attempts") + 1)
    if not won:
        return None
    row.status, row.claimed_until, row.attempts = SENDING, until, row.attempts + 1
    return row, until


def _claimable(row, now):
    if row.status == SENDING:
        return row.claimed_until is None or row.claimed_until <= now
    return row.status in (QUEUED, RETRYING)


def settle(row, until, **fields):
    """Write the attempt's outcome if the claim taken `until` is still the row's; True if it was."""
    return bool(type(row)._default_manager.filter(pk=row.pk, status=SENDING, claimed_until=until).update(**fields))


def due_again(stuck_after_seconds, *, created="created_at"):
    """Rows no worker is going to send: queued or due for a retry longer than `stuck_after_seconds`
    ago (their enqueue or scheduled retry was lost), or claimed by a worker whose lease lapsed."""
    now = timezone.now()
    cutoff = now - timedelta(seconds=stuck_after_seconds)
    return (Q(status=QUEUED, **{f"{created}__lte": cutoff}) | Q(status=RETRYING, next_attempt_at__lte=cutoff)
            | Q(status=SENDING, claimed_until__lt=now))
