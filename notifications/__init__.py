"""Outgoing email: every message is stored, then delivered by Celery after commit.

Callers use `queue_email` (notifications.outbox); nothing in the project sends mail in
the request. Each message is a row, so a failed delivery is retried with backoff and,
when retries run out, stays visible as "dead" instead of being lost.
"""
