"""Every email is stored and delivered by Celery after commit, once, and survives SMTP trouble."""
import smtplib

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend

from outbox.models import OutgoingEmail
from outbox.outbox import queue_email

pytestmark = pytest.mark.django_db


def test_email_is_sent_only_after_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        queue_email(to="ada@example.com", subject="Hello", body="Plain", html="<p>Rich</p>", kind="test")
        assert mail.outbox == []  # nothing leaves inside the transaction
    for callback in callbacks:
        callback()
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.to == ["ada@example.com"] and sent.body == "Plain"
    assert sent.alternatives[0][0] == "<p>Rich</p>"
    row = OutgoingEmail.objects.get()
    assert row.status == "sent" and row.attempts == 1 and row.sent_at is not None


def test_same_key_is_sent_once(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = queue_email(to="a@example.com", subject="Order placed", body="x", key="order-placed:1")
        again = queue_email(to="a@example.com", subject="Order placed", body="x", key="order-placed:1")
    assert first.pk == again.pk
    assert len(mail.outbox) == 1


def test_delivering_twice_sends_once(django_capture_on_commit_callbacks):
    from outbox.tasks import deliver_email

    with django_capture_on_commit_callbacks(execute=True):
        email = queue_email(to="a@example.com", subject="Hi", body="x")
    assert deliver_email.delay(email.pk).get() == "skipped"
    assert len(mail.outbox) == 1


def test_attachments_travel_with_the_email(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        queue_email(to="a@example.com", subject="Report", body="x",
                    attachments=[("sales.csv", b"day,revenue\n2026-11-24,10.00\n", "text/csv")])
    assert mail.outbox[0].attachments == [("sales.csv", "day,revenue\n2026-11-24,10.00\n", "text/csv")]


class BrokenBackend(BaseEmailBackend):
    def send_messages(self, messages):
        raise smtplib.SMTPServerDisconnected("connection lost")


def test_smtp_failure_is_recorded_not_raised(settings, django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = "tests.emails.test_outbox.BrokenBackend"
    with django_capture_on_commit_callbacks(execute=True):
        queue_email(to="a@example.com", subject="Hi", body="x")
    row = OutgoingEmail.objects.get()
    assert row.status == "retrying"
    assert "connection lost" in row.last_error
    assert row.attempts == 1


def test_oscar_emails_go_through_the_outbox(client, shopper, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/shop/password-reset/", {"email": shopper.email})
    assert response.status_code == 302
    row = OutgoingEmail.objects.get()
    assert row.to == shopper.email and row.status == "sent"
    assert len(mail.outbox) == 1
