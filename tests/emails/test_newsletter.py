"""Newsletter consent: double opt-in, one-click unsubscribe, sends to confirmed subscribers only.

Given shoppers, when one opts in at registration or in their account, then nothing is sent
until they click the emailed confirmation link; a newsletter sent reaches every confirmed
subscriber once, never anyone pending or opted out, and its signed link unsubscribes in one
click. (Composing, segments, scheduling and batches: tests/newsletter/.)
"""
import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from freezegun import freeze_time

from newsletter.batching import queue_batch
from newsletter.campaigns import schedule
from newsletter.models import Subscriber
from newsletter.preferences import unsubscribe_url
from newsletter.subscriptions import confirm_url
from outbox.models import OutgoingEmail
from tests.factories import paragraph
from tests.newsletter.conftest import compose

pytestmark = pytest.mark.django_db


def link_in(email, path):
    return re.search(rf"https?://[^/\s]+({path}\S+/)", email.body).group(1)


def subscriber(email, status):
    return Subscriber.objects.create(email=email, status=status, requested_at=timezone.now())


def test_opting_in_at_registration_asks_for_confirmation_first(client, password, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/shop/accounts/login/", {
            "registration-email": "noor@example.com", "registration-password1": password,
            "registration-password2": password, "registration-newsletter": "on", "registration_submit": "Register"})

    confirm_mail = next(m for m in mail.outbox if "newsletter" in m.subject)
    assert confirm_mail.to == ["noor@example.com"]
    assert Subscriber.objects.get().status == "pending"

    response = client.get(link_in(confirm_mail, "/newsletter/confirm/"))

    assert response.status_code == 200 and "You're subscribed" in response.content.decode()
    assert Subscriber.objects.get().status == "subscribed"


def test_registering_without_ticking_the_box_subscribes_nobody(client, password):
    client.post("/shop/accounts/login/", {
        "registration-email": "sam@example.com", "registration-password1": password,
        "registration-password2": password, "registration_submit": "Register"})
    assert not Subscriber.objects.exists()


def test_opting_in_and_out_from_the_account(shopper_client, shopper, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        page = shopper_client.post("/newsletter/", {"newsletter": "subscribe"}, follow=True)
    assert "emailed ada@example.com a link" in page.content.decode()
    shopper_client.get(link_in(mail.outbox[0], "/newsletter/confirm/"))
    account = shopper_client.get("/shop/accounts/profile/").content.decode()
    assert 'href="/newsletter/"' in account  # a tab beside the other account pages
    assert "You receive our promotions newsletter" in shopper_client.get("/newsletter/").content.decode()

    shopper_client.post("/newsletter/", {"newsletter": "unsubscribe"})

    assert Subscriber.objects.get().status == "unsubscribed"
    assert shopper_client.post("/newsletter/", {"newsletter": "maybe"}).status_code == 400


def test_forged_or_expired_links_are_refused(client, settings):
    sub = subscriber("ada@example.com", "pending")
    with freeze_time(timezone.now() - timedelta(days=8)):
        stale = confirm_url(sub).split("/newsletter/")[1]
    assert client.get(f"/newsletter/{stale}").status_code == 400  # a week is the limit
    forged = unsubscribe_url(sub.email).rsplit("/", 2)[-2][:-3] + "abc"
    assert client.get(f"/newsletter/unsubscribe/{forged}/").status_code == 400
    assert client.get("/newsletter/confirm/not-a-token/").status_code == 400
    assert Subscriber.objects.get().status == "pending"


def test_a_newsletter_reaches_confirmed_subscribers_once_never_pending_or_opted_out(settings, committed):
    settings.NEWSLETTER_BATCH_SIZE = 2
    confirmed = [subscriber(f"fan{i}@example.com", "subscribed") for i in range(3)]
    subscriber("waiting@example.com", "pending")
    subscriber("gone@example.com", "unsubscribed")
    newsletter = compose(paragraph("<p>20% off oils this week.</p>"), subject="Autumn in the larder")

    with committed():
        send = schedule(newsletter, segment="all")

    assert sorted(m.to[0] for m in mail.outbox) == [s.email for s in confirmed]
    email = mail.outbox[0]
    assert email.subject == "Autumn in the larder" and "20% off oils" in email.body
    assert "Unsubscribe in one click" in email.alternatives[0][0]
    send.refresh_from_db()
    assert (send.status, send.recipients) == ("sent", 3)

    # The same batch run again (a retried task) mails nobody twice.
    queue_batch(send.pk, list(send.recipient_rows.values_list("pk", flat=True)))
    assert OutgoingEmail.objects.filter(kind="NEWSLETTER").count() == 3


def test_one_click_unsubscribe_stops_the_next_send(client, committed):
    subscriber("fan@example.com", "subscribed")
    newsletter = compose(paragraph("<p>Autumn pantry.</p>"))
    with committed():
        schedule(newsletter, segment="all")
    link = link_in(mail.outbox[0], "/newsletter/unsubscribe/")

    response = client.get(link)  # one click, no sign-in

    assert response.status_code == 200 and "You're unsubscribed" in response.content.decode()
    assert client.post(link).status_code == 200  # mail clients' one-click POST is fine too
    with committed():
        schedule(newsletter, segment="all")
    assert OutgoingEmail.objects.filter(kind="NEWSLETTER").count() == 1
