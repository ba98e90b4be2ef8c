"""One attempt to deliver an event to an endpoint, with no row lock held while the request runs.

The email outbox's three steps (outbox.delivery), on the same lease (config/leases.py):
`claim` marks the row "sending" with a lease in a short transaction; `send` makes the HTTP
request outside any transaction; `record_*` writes the outcome with one UPDATE, only
while the claim is still ours. A lapsed claim (the worker died) makes the delivery due
again for the webhook drain. Delivery is at least once: receivers de-duplicate on the
Larder-Event-Id header.

The request (`send`): the URL is checked again (webhooks.address_guard) and the
connection made to an address that check approved, never to the name; connect and
read are bounded by WEBHOOKS_CONNECT_TIMEOUT / WEBHOOKS_READ_TIMEOUT, no redirect is
followed (a 3xx is a failure), and at most WEBHOOKS_RESPONSE_MAX_BYTES of the answer is read.
"""
import logging
import time
from dataclasses import dataclass
from datetime import datetime, timedelta

import urllib3
from django.conf import settings
from django.utils import timezone

from config import leases

from . import signing
from .address_guard import UnsafeURL, check_url
from .models import Delivery

logger = logging.getLogger("webhooks")

Status = Delivery.Status
MAX_ADDRESSES_TRIED = 3  # a host with many addresses costs at most this many connect timeouts
EXCERPT_CHARS = 300


class Failed(Exception):
    """The attempt failed; `final` when trying again can't help (the URL is refused)."""

    def __init__(self, message, *, status=None, final=False):
        super().__init__(message)
        self.status, self.final = status, final


@dataclass
class Claim:
    delivery: Delivery
    until: datetime


def claim(delivery_id):
    """Take the delivery for one attempt, or None if it is delivered, dead or being sent."""
    taken = leases.claim(Delivery.objects.select_related("endpoint", "event"), delivery_id,
                         settings.WEBHOOKS_SEND_LEASE_SECONDS)
    return Claim(*taken) if taken else None


def headers_for(delivery, target, body):
    event = delivery.event
    return {
        "Host": target.host_header,
        "Content-Type": "application/json",
        "User-Agent": f"{settings.SHOP_NAME} webhooks",
        "Larder-Event-Id": str(event.id),
        "Larder-Event-Type": event.type,
        signing.HEADER: signing.signature_header(delivery.endpoint.secret, body),
    }


def send(delivery):
    """POST the event; returns the HTTP status of a 2xx answer, raises Failed otherwise."""
    try:
        target = check_url(delivery.endpoint.url)
    except UnsafeURL as exc:
        raise Failed(f"Refused, not sent: {exc}", final=True) from exc
    body = delivery.event.body.encode()
    headers = headers_for(delivery, target, body)
    timeout = urllib3.Timeout(connect=settings.WEBHOOKS_CONNECT_TIMEOUT, read=settings.WEBHOOKS_READ_TIMEOUT)
    refused = None
    for address in target.addresses[:MAX_ADDRESSES_TRIED]:
        pool = _pool(target, address, timeout)
        try:
            response = pool.urlopen("POST", target.path, body=body, headers=headers, redirect=False, retries=False,
                                    preload_content=False, assert_same_host=False)
        except urllib3.exceptions.ConnectTimeoutError as exc:  # NewConnectionError too: nothing was sent
            refused = exc
            pool.close()
            continue
        except urllib3.exceptions.ReadTimeoutError as exc:
            pool.close()
            raise Failed(f"No answer within {settings.WEBHOOKS_READ_TIMEOUT:g} s (timed out)") from exc
        except (urllib3.exceptions.HTTPError, OSError) as exc:
            pool.close()
            raise Failed(f"The connection failed: {type(exc).__name__}: {exc}") from exc
        try:
            excerpt = _read_capped(response)
        finally:
            response.close()
            pool.close()
        if 200 <= response.status < 300:
            return response.status
        what = "a redirect, which is not followed" if 300 <= response.status < 400 else "not a 2xx"
        raise Failed(f"HTTP {response.status} ({what}): {excerpt}".rstrip(": "), status=response.status)
    raise Failed(f"Could not connect to {target.host}: {refused}")


def _pool(target, address, timeout):
    if target.scheme == "https":
        # Connect to the checked address, but check the certificate (and send SNI) for the host name.
        return urllib3.HTTPSConnectionPool(address, target.port, timeout=timeout, retries=False, maxsize=1,
                                           server_hostname=target.host, assert_hostname=target.host,
                                           cert_reqs="CERT_REQUIRED")
    return urllib3.HTTPConnectionPool(address, target.port, timeout=timeout, retries=False, maxsize=1)


def _read_capped(response):
    """The start of the answer (for staff), reading at most the cap, within the read timeout overall."""
    cap, received = settings.WEBHOOKS_RESPONSE_MAX_BYTES, b""
    deadline = time.monotonic() + settings.WEBHOOKS_READ_TIMEOUT
    try:
        while len(received) < cap and time.monotonic() < deadline:
            chunk = response.read(min(8192, cap - len(received)))
            if not chunk:
                break
            received += chunk
    except (urllib3.exceptions.HTTPError, OSError):
        pass  # the status is what counts; a broken body doesn't change it
    return received[:EXCERPT_CHARS * 4].decode("utf-8", "replace")[:EXCERPT_CHARS].strip()


def record_delivered(claimed, status):
    fields = {"status": Status.DELIVERED, "delivered_at": timezone.now(), "claimed_until": None,
              "next_attempt_at": None, "response_status": status, "last_error": ""}
    if not leases.settle(claimed.delivery, claimed.until, **fields):
        logger.warning("Webhook delivery %s succeeded after its claim lapsed; it may be sent twice",
                       claimed.delivery.pk)
        Delivery.objects.filter(pk=claimed.delivery.pk).exclude(status=Status.DELIVERED).update(**fields)


def record_failure(claimed, error, *, final, retry_in, status=None):
    """Record a failed attempt: "dead" when final, else "retrying" after `retry_in` seconds."""
    fields = {
        "last_error": error[:2000], "claimed_until": None, "response_status": status,
        "status": Status.DEAD if final else Status.RETRYING,
        "next_attempt_at": None if final else timezone.now() + timedelta(seconds=retry_in),
    }
    recorded = leases.settle(claimed.delivery, claimed.until, **fields)
    if not recorded:
        logger.warning("Webhook delivery %s: a failed attempt finished after its claim lapsed", claimed.delivery.pk)
    return bool(recorded)
