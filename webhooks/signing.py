"""The signature on every delivery, so a receiver can tell the request is the shop's and fresh.

    Larder-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>

The timestamp is taken when the request is sent (a retry or replay is signed anew), so a
receiver can refuse old requests; the event id in Larder-Event-Id stays the same, so it
can also refuse repeats. docs/webhooks.md shows how to check it.
"""
import hashlib
import hmac
import time

HEADER = "Larder-Signature"


def signature(secret, timestamp, body):
    """The v1 signature: hex HMAC-SHA256 keyed with the secret (UTF-8) over "<timestamp>.<body>"."""
    message = f"{timestamp}.".encode() + body
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def signature_header(secret, body, timestamp=None):
    timestamp = int(time.time()) if timestamp is None else int(timestamp)
    return f"t={timestamp},v1={signature(secret, timestamp, body)}"
