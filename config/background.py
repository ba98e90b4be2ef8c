"""Handing work to Celery: once the data it needs is committed, and never at the caller's expense.

Every task of the project is an `AfterCommitTask` (config/celery_app.py makes it the app's
task class). Code that wants work done says

    build_report.queue_after_commit(run.pk)

and the message is published when the current transaction commits (at once outside one),
so the worker always finds the rows it was sent for. If the broker is unreachable the
publish fails fast (CELERY_BROKER_* settings: one try, one-second timeouts) and the caller
carries on; what becomes of the work is said once, where the task is declared:

    @shared_task(broker_down=drain("reports.tasks.drain_report_runs"))

    drain(by)        the row waits; a beat task (`by`) sends it again later
    rebuild(by)      nothing is kept; a management command (`by`) repairs the gap
    drop(what)       the work is lost, and that is acceptable (a product-view count)
    undo(fn, what)   `fn(*args, **kwargs)` reverses what the caller started (a newsletter
                     goes back to draft), so nothing is left half begun

`queue_now` publishes at once and says whether the broker took the work, for a caller
that must tell its user in the same response (the newsletter admin action). `.delay()`
and `.apply_async()` stay Celery's own: tasks fanning out from a worker, and tests.

This replaces Celery's DjangoTask (the default task class under Django), whose
`delay_on_commit` lets a refused publish raise out of the commit, so a request whose rows
are committed still answers 500.
"""
import logging
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from celery import Task
from django.db import transaction

logger = logging.getLogger("background")


@dataclass(frozen=True)
class BrokerDown:
    """What becomes of work the broker would not take: how it is made good, for the log."""

    outcome: str  # drain, rebuild, drop or undo
    remedy: str
    reverse: Callable | None = None


def drain(by):
    return BrokerDown("drain", f"{by} sends it again once the broker is back")


def rebuild(by):
    return BrokerDown("rebuild", f"{by} repairs it")


def drop(what):
    return BrokerDown("drop", f"{what} is lost")


def undo(reverse, what):
    return BrokerDown("undo", what, reverse)


class AfterCommitTask(Task):
    """A Celery task that is queued after commit and whose broker outage the caller never sees."""

    broker_down: BrokerDown | None = None  # set on each task that is queued from the site

    def queue_after_commit(self, *args, **kwargs):
        """Publish once the current transaction commits; returns nothing (the commit is later)."""
        self._policy()  # a task with no policy fails here, in the caller's tests, not at commit
        transaction.on_commit(partial(self.queue_now, *args, **kwargs))

    def queue_now(self, *args, **kwargs):
        """Publish now; True if the broker took it, False if the broker-down policy was applied."""
        policy = self._policy()
        try:
            self.delay(*args, **kwargs)
        except Exception as exc:  # noqa: BLE001  kombu and redis raise several connection error types
            how = "ran in-process and failed" if self.app.conf.task_always_eager else "could not be queued"
            logger.warning("%s%s %s (%s: %s); %s", self.name, _shown(args, kwargs), how, type(exc).__name__, exc,
                           policy.remedy)
            if policy.reverse is not None:
                policy.reverse(*args, **kwargs)
            return False
        return True

    def _policy(self):
        if self.broker_down is None:
            raise TypeError(f"Task {self.name} does not say what happens when the broker is down (broker_down=)")
        return self.broker_down


def _shown(args, kwargs):
    shown = [repr(arg)[:80] for arg in args] + [f"{key}={value!r}"[:80] for key, value in kwargs.items()]
    return f"({', '.join(shown)})"
