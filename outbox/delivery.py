"""One attempt to deliver a stored email, in three steps so no row lock is held while SMTP talks.

The claim and its lease are config/leases.py's, shared with webhook deliveries.

1. `claim`: a short transaction marks the row "sending" with a lease (`claimed_until`) and
   commits. While the lease runs no other worker takes the row; when it lapses (the worker
   died mid-send) the email is due again and the outbox drain hands it to a worker.
2. `send`: outside any transaction. Every SMTP step is bounded by EMAIL_TIMEOUT and the
   whole conversation is cut off at half the lease, so a send never outlives its claim.
3. `record_sent` / `record_failure`: one short UPDATE each, the failure only while the
   claim is still ours.

Delivery is therefore at least once, not exactly once: if the worker dies (or the line
drops) after the mail server accepted the message but before step 3, the email is sent a
second time. Two workers never send the same email at the same time, and queuing is still
exactly once per `key` (outbox.outbox).
"""
import base64
import logging
import smtplib
import socket
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db.models import F
from django.utils import timezone

from config import leases

from .models import OutgoingEmail

logger = logging.getLogger(__name__)

Status = OutgoingEmail.Status
# "Mailbox unavailable", "user not local", "mailbox name not allowed": asking again won't help.
NO_SUCH_MAILBOX = (550, 551, 553)


@dataclass
class Claim:
    email: OutgoingEmail
    until: datetime


def claim(email_id):
    """Take the email for one attempt, or None if it is sent, failed for good or being sent."""
    taken = leases.claim(OutgoingEmail.objects.all(), email_id, settings.OUTBOX_SEND_LEASE_SECONDS)
    return Claim(*taken) if taken else None


def build_message(email):
    message = EmailMultiAlternatives(email.subject, email.body_text, email.from_email or None, [email.to],
                                     headers=email.headers or None)
    if email.body_html:
        message.attach_alternative(email.body_html, "text/html")
    for item in email.attachments:
        message.attach(item["filename"], base64.b64decode(item["content_b64"]), item["mimetype"])
    return message


def send(claimed):
    """Hand the message to the mail server; raises what the server or the line did wrong."""
    message = build_message(claimed.email)
    connection = get_connection()
    watchdog = threading.Timer(settings.OUTBOX_SEND_LEASE_SECONDS / 2, _cut_line, args=(connection,))
    watchdog.daemon = True
    watchdog.start()
    try:
        connection.open()
        connection.send_messages([message])
    finally:
        watchdog.cancel()
        _close_quietly(connection)


def _cut_line(connection):
    """Past the deadline: shut the SMTP socket, which wakes the blocked send with an error."""
    for attribute in ("connection", "_partial_connection"):
        sock = getattr(getattr(connection, attribute, None), "sock", None)
        if sock is not None:
            logger.warning("SMTP send ran past its deadline; cutting the connection")
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


def _close_quietly(connection):
    # Once the server has accepted the message, a hang or error at QUIT must not make us
    # send it again.
    try:
        connection.close()
    except Exception as exc:  # noqa: BLE001  closing is best effort
        logger.info("Closing the SMTP connection failed (the message was handled): %s", exc)


def record_sent(claimed):
    now = timezone.now()
    fields = {"status": Status.SENT, "sent_at": now, "claimed_until": None, "next_attempt_at": None}
    if not leases.settle(claimed.email, claimed.until, **fields):
        logger.warning("Email %s was sent after its claim lapsed; it may go out twice", claimed.email.pk)
        OutgoingEmail.objects.filter(pk=claimed.email.pk).exclude(status=Status.SENT).update(**fields)


def record_failure(claimed, error, *, final, retry_in, refused=False):
    """Record a failed attempt: "dead" when final, else "retrying" after `retry_in` seconds."""
    fields = {
        "last_error": error[:2000], "claimed_until": None,
        "status": Status.DEAD if final else Status.RETRYING,
        "next_attempt_at": None if final else timezone.now() + timedelta(seconds=retry_in),
    }
    if refused:
        fields["refusals"] = F("refusals") + 1
    recorded = leases.settle(claimed.email, claimed.until, **fields)
    if not recorded:
        logger.warning("Email %s: a failed attempt finished after its claim lapsed", claimed.email.pk)
    return bool(recorded)


def describe(exc):
    """The error as staff read it: "SMTPRecipientsRefused: 550 5.1.1 no such user"."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        replies = [(code, message) for code, message in exc.recipients.values()]
    elif isinstance(exc, smtplib.SMTPResponseException):
        replies = [(exc.smtp_code, exc.smtp_error)]
    else:
        return f"{type(exc).__name__}: {exc}"
    text = "; ".join(f"{code} {_text(message)}" for code, message in replies)
    return f"{type(exc).__name__}: {text}"


def _text(message):
    return message.decode("utf-8", "replace") if isinstance(message, bytes) else str(message)


def refusal(exc):
    """(code, final_at_once) when the server refused the message permanently (5xx), else None."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _ in exc.recipients.values()]
        code = min(codes) if codes else None  # 5xx only if every recipient was refused for good
        at_once = code in NO_SUCH_MAILBOX
    elif isinstance(exc, (smtplib.SMTPSenderRefused, smtplib.SMTPDataError)):
        code, at_once = exc.smtp_code, False
    else:
        return None
    if not isinstance(code, int) or not 500 <= code <= 599:
        return None
    return code, at_once
