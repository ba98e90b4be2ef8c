"""Outgoing email: every message is stored, then delivered by Celery after commit.

Callers use `queue_email` (outbox.outbox); nothing in the project sends mail in
the request. Each message is a row, so a failed delivery is retried with backoff and,
when retries run out or the server refuses it for good, stays visible as "dead" instead of
being lost. Delivery is at least once (outbox.delivery says when twice can happen).
"""
