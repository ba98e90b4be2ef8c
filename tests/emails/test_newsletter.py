"""Promotions newsletter: double opt-in, one-click unsubscribe, batched sends to confirmed subscribers only.

Given shoppers, when one opts in at registration or in their account, then nothing is sent
until they click the emailed confirmation link; a newsletter sent from the admin reaches
every confirmed subscriber once, in batches, never anyone pending or opted out (even if
they opted out after the send began), and its signed link unsubscribes in one click.
"""
import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from freezegun import freeze_time

from content.models import PromotionPage
from newsletter.models import Newsletter, Subscriber
from newsletter.preferences import unsubscribe_url
from newsletter.subscriptions import confirm_url
from newsletter.tasks import send_newsletter_batch
from outbox.models import OutgoingEmail
from tests.factories import publish

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


@pytest.fixture
def promotion(promotions):
    return publish(promotions, PromotionPage(title="Autumn pantry", slug="autumn", banner_text="20% off oils"))


def test_a_newsletter_reaches_confirmed_subscribers_once_in_batches(admin_client, promotion, settings,
                                                                   django_capture_on_commit_callbacks):
    settings.NEWSLETTER_BATCH_SIZE = 2
    confirmed = [subscriber(f"fan{i}@example.com", "subscribed") for i in range(3)]
    subscriber("waiting@example.com", "pending")
    subscriber("gone@example.com", "unsubscribed")
    newsletter = Newsletter.objects.create(promotion=promotion, subject="Autumn in the larder")

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post("/django-admin/newsletter/newsletter/", {
            "action": "send_to_subscribers", "_selected_action": [newsletter.pk]})
    assert response.status_code == 302

    assert sorted(m.to[0] for m in mail.outbox) == [s.email for s in confirmed]
    email = mail.outbox[0]
    assert email.subject == "Autumn in the larder"
    assert "20% off oils" in email.body and "/promotions/autumn/" in email.body
    assert "Unsubscribe in one click" in email.alternatives[0][0]
    newsletter.refresh_from_db()
    assert (newsletter.status, newsletter.recipients) == ("sent", 3)

    # The same batch run again (a retried task) mails nobody twice.
    send_newsletter_batch(newsletter.pk, [s.pk for s in confirmed])
    assert OutgoingEmail.objects.filter(kind="NEWSLETTER").count() == 3

    # Sending the same newsletter again from the admin does nothing.
    admin_client.post("/django-admin/newsletter/newsletter/", {
        "action": "send_to_subscribers", "_selected_action": [newsletter.pk]})
    assert OutgoingEmail.objects.filter(kind="NEWSLETTER").count() == 3


def test_one_click_unsubscribe_stops_the_next_batch(client, promotion, django_capture_on_commit_callbacks):
    fan = subscriber("fan@example.com", "subscribed")
    first = Newsletter.objects.create(promotion=promotion)
    with django_capture_on_commit_callbacks(execute=True):
        send_newsletter_batch(first.pk, [fan.pk])
    link = link_in(mail.outbox[0], "/newsletter/unsubscribe/")

    response = client.get(link)  # one click, no sign-in

    assert response.status_code == 200 and "You're unsubscribed" in response.content.decode()
    assert client.post(link).status_code == 200  # mail clients' one-click POST is fine too
    second = Newsletter.objects.create(promotion=promotion)
    send_newsletter_batch(second.pk, [fan.pk])  # queued before the opt-out, run after it
    assert OutgoingEmail.objects.filter(kind="NEWSLETTER").count() == 1


def test_a_send_the_task_queue_refuses_goes_back_to_draft_with_a_clear_message(admin_client, promotion, settings):
    from config.celery_app import app as celery_app
    from tests.emails.workers import use_broker

    subscriber("fan@example.com", "subscribed")
    newsletter = Newsletter.objects.create(promotion=promotion, subject="Autumn in the larder")
    saved = celery_app.conf.broker_url, celery_app.conf.task_always_eager
    settings.CELERY_TASK_ALWAYS_EAGER = False
    use_broker("redis://127.0.0.1:1/0")  # nothing listens there
    try:
        response = admin_client.post("/django-admin/newsletter/newsletter/", {
            "action": "send_to_subscribers", "_selected_action": [newsletter.pk]}, follow=True)
    finally:
        use_broker(*saved)
    assert "could not be handed to the task queue and are back to draft" in response.content.decode()
    newsletter.refresh_from_db()
    assert newsletter.status == "draft" and mail.outbox == []
