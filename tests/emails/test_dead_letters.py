"""Staff see email that didn't go out and can send it again.

Given an email that failed for good and one waiting to retry, when a merchandiser opens
"Undelivered email" in the dashboard, then both are listed with their last error; retrying
the dead one delivers it once; shoppers can't see the page.
"""
import pytest
from django.core import mail

from outbox.models import OutgoingEmail

pytestmark = pytest.mark.django_db


def stored(status, to, error):
    return OutgoingEmail.objects.create(to=to, subject=f"Order update for {to}", body_text="Your order has shipped.",
                                        kind="ORDER_SHIPPED", status=status, attempts=7, last_error=error)


def test_staff_list_undelivered_email_and_retry_it(django_app, merchandiser, django_capture_on_commit_callbacks):
    dead = stored("dead", "ada@example.com", "SMTPRecipientsRefused: 550 mailbox unavailable")
    stored("retrying", "bo@example.com", "SMTPServerDisconnected: connection lost")
    stored("sent", "cy@example.com", "")
    django_app.set_user(merchandiser)

    page = django_app.get("/shop/dashboard/")
    page = page.click(description="Undelivered email")
    rows = page.html.select("#undelivered-emails tbody tr")
    assert [r.select("td")[1].text for r in rows] == ["bo@example.com", "ada@example.com"]
    assert "550 mailbox unavailable" in page.text

    with django_capture_on_commit_callbacks(execute=True):
        page = page.forms[f"retry-{dead.pk}"].submit().follow()

    assert "is queued again" in page.text
    dead.refresh_from_db()
    assert dead.status == "sent" and dead.attempts == 8
    assert [m.to for m in mail.outbox] == [["ada@example.com"]]
    assert "ada@example.com" not in [r.select("td")[1].text for r in page.html.select("#undelivered-emails tbody tr")]


def test_shoppers_cannot_see_undelivered_email(client, shopper):
    client.force_login(shopper)
    assert client.get("/shop/dashboard/outbox/").status_code == 403
    assert client.post("/shop/dashboard/outbox/1/retry/").status_code == 403
