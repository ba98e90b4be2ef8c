"""Handing picture work to Celery: after the commit, once per picture for a while, and
never at the cost of the upload or page view that asked for it."""
import logging

from django.core.cache import cache
from django.db import transaction

logger = logging.getLogger(__name__)
# Work queued from a page view is not queued again for this long, however many views.
QUEUED_FOR = 600


def queue_once(marker, send, *, always, what):
    """Call `send()` (a task's .delay) after this transaction commits, unless `marker` says
    it was queued within QUEUED_FOR; `always` (an upload) queues regardless."""
    if always:
        cache.set(marker, 1, QUEUED_FOR)
    elif not cache.add(marker, 1, QUEUED_FOR):
        return False
    transaction.on_commit(lambda: _send(marker, send, what))
    return True


def _send(marker, send, what):
    try:
        send()
    except Exception as exc:  # noqa: BLE001  an upload or a page view must not fail because the broker is away
        cache.delete(marker)
        logger.warning("Could not queue %s (%s: %s); manage.py make_thumbnails makes them",
                       what, type(exc).__name__, exc)
