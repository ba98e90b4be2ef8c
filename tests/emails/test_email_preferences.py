"""What an address agreed to receive: one-click unsubscribe per kind of marketing email, the
List-Unsubscribe headers mail clients show as a button, and the preferences page an email
links to (no sign-in: the signed link is the key)."""
import re

import pytest
from django.core import mail
from django.utils import timezone

from newsletter import preferences
from newsletter.campaigns import schedule
from newsletter.models import Subscriber
from tests.newsletter.conftest import compose

pytestmark = pytest.mark.django_db


def path_of(url):
    return re.sub(r"^https?://[^/]+", "", url)


def test_a_newsletter_carries_one_click_unsubscribe_headers_that_work_at_once(
        client, django_capture_on_commit_callbacks):
    fan = Subscriber.objects.create(email="fan@example.com", status="subscribed", requested_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        send = schedule(compose(), segment="all")
    [email] = mail.outbox
    header = email.extra_headers["List-Unsubscribe"]
    assert email.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert header.startswith("<http") and header.endswith(">")

    # The mail client's one-click POST: no session, no CSRF token.
    response = client.post(path_of(header[1:-1]), {"List-Unsubscribe": "One-Click"})

    assert response.status_code == 200
    fan.refresh_from_db()
    assert fan.status == "unsubscribed" and fan.unsubscribed_via == f"newsletter-send:{send.pk}:{fan.pk}"
    assert not preferences.allows("fan@example.com", "newsletter")


def test_a_reminders_link_stops_reminders_only(client):
    Subscriber.objects.create(email="fan@example.com", status="subscribed", requested_at=timezone.now())
    assert preferences.allows("FAN@example.com", "reminders")

    page = client.get(path_of(preferences.unsubscribe_url("fan@example.com", "reminders")))

    assert "will not receive reminders about a basket left waiting" in page.content.decode()
    assert not preferences.allows("fan@example.com", "reminders")
    assert preferences.allows("fan@example.com", "newsletter") and preferences.allows("fan@example.com", "tracking")


def test_an_address_never_seen_allows_reminders_and_tracking_but_gets_no_newsletter():
    assert preferences.allows("new@example.com", "reminders") and preferences.allows("new@example.com", "tracking")
    assert not preferences.allows("new@example.com", "newsletter")


def test_the_preferences_page_saves_each_choice_and_asks_to_confirm_a_new_subscription(
        client, django_capture_on_commit_callbacks):
    url = path_of(preferences.preferences_url("ada@example.com"))
    page = client.get(url).content.decode()
    assert "Emails to ada@example.com" in page and 'name="reminders" id="pref-reminders" value="1" checked' in page

    with django_capture_on_commit_callbacks(execute=True):
        page = client.post(url, {"newsletter": "1", "tracking": "1"}).content.decode()

    assert "the newsletter starts once you click it" in page
    subscriber = Subscriber.objects.get(email="ada@example.com")
    assert (subscriber.status, subscriber.reminders, subscriber.tracking) == ("pending", False, True)
    assert [m.to for m in mail.outbox] == [["ada@example.com"]]  # the confirmation link, nothing else

    client.post(url, {})  # everything unticked
    subscriber.refresh_from_db()
    assert (subscriber.status, subscriber.reminders, subscriber.tracking) == ("unsubscribed", False, False)


def test_forged_links_are_refused(client):
    good = path_of(preferences.preferences_url("ada@example.com"))
    assert client.get(good[:-4] + "xyz/").status_code == 400
    forged = path_of(preferences.unsubscribe_url("ada@example.com", "reminders"))[:-4] + "xyz/"
    assert client.post(forged).status_code == 400
    assert not Subscriber.objects.exists()


def test_a_signed_in_shopper_chooses_reminders_and_tracking_in_the_account(shopper_client, shopper):
    page = shopper_client.get("/newsletter/").content.decode()
    assert 'id="other_emails_form"' in page and 'name="reminders" id="pref-reminders" value="1" checked' in page

    response = shopper_client.post("/newsletter/", {"form": "other-emails", "tracking": "1"}, follow=True)

    assert "Your choices are saved." in response.content.decode()
    assert not preferences.allows(shopper.email, "reminders") and preferences.allows(shopper.email, "tracking")
    assert not preferences.allows(shopper.email, "newsletter")  # choosing these subscribes nobody
