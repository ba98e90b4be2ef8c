"""A real SMTP server and Celery broker switching, for tests that run a real worker.

The email tests here, the SMTP fault tests and the browser stack all catch mail with
`Sink` and point this process's task producer at a broker with `use_broker`.
"""
import email
import os
from email.policy import default as default_policy

from config.celery_app import app as celery_app

QUEUE = f"test-email-{os.getpid()}"


class Sink:
    """An SMTP server that refuses the first `failures` messages with a temporary error."""

    def __init__(self, failures=0):
        self.failures = failures
        self.received = []

    async def handle_DATA(self, server, session, envelope):
        if self.failures > 0:
            self.failures -= 1
            return "451 Try again later"
        self.received.append(email.message_from_bytes(envelope.content, policy=default_policy))
        return "250 OK"


def use_broker(url, eager=False, queue="celery"):
    """Point this process's Celery producer at another broker and queue (fresh connection pool)."""
    celery_app.conf.broker_url, celery_app.conf.task_always_eager = url, eager
    celery_app.conf.task_default_queue = queue
    # Drop only our references: kombu keeps one pool per broker URL and reuses it.
    celery_app._pool = None
    celery_app.amqp._producer_pool = None
