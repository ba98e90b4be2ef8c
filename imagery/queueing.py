"""Picture work is queued once per picture for a while, however many page views find it missing.

The marker is set before the commit; if the broker then refuses the work the marker is
dropped again, so the next view queues it (the task's broker-down policy, imagery.tasks,
says how the gap is otherwise repaired).
"""
from django.core.cache import cache
from django.db import transaction

# Work queued from a page view is not queued again for this long, however many views.
QUEUED_FOR = 600


def queue_once(marker, task, *args, always):
    """Queue `task(*args)` after this transaction commits, unless `marker` says it was queued
    within QUEUED_FOR; `always` (an upload) queues regardless."""
    if always:
        cache.set(marker, 1, QUEUED_FOR)
    elif not cache.add(marker, 1, QUEUED_FOR):
        return False

    def send():
        if not task.queue_now(*args):
            cache.delete(marker)

    transaction.on_commit(send)
    return True
