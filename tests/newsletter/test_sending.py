"""Only Marketing sends; a send goes out once, in batches, each email with its unsubscribe links.

Given a published newsletter, when a marketer sends it now or schedules it, then each
confirmed subscriber gets it once, with the one-click unsubscribe link, the preferences
link and the List-Unsubscribe headers; a batch run again or a stalled send resumed mails
nobody twice; a scheduled send can be cancelled until it starts; editors and
merchandisers can't send (superusers can).
"""
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.utils import timezone

from commerce.accounts.roles import MARKETING
from newsletter import batching, campaigns, tasks
from newsletter.models import Recipient, Send, Subscriber
from newsletter.tasks import send_due_newsletters, send_newsletter_batch
from outbox.models import OutgoingEmail

from .conftest import subscribe

pytestmark = pytest.mark.django_db


def send_url(newsletter):
    return f"/cms/newsletters/{newsletter.pk}/send/"


def test_marketing_holds_the_send_permission_and_no_other_role_does():
    marketing = Group.objects.get(name=MARKETING)
    assert {p.codename for p in marketing.permissions.all()} >= {"send_newsletter", "access_admin"}
    holders = Group.objects.filter(permissions__codename="send_newsletter").values_list("name", flat=True)
    assert list(holders) == [MARKETING]


def test_a_marketer_sends_now_and_every_email_carries_its_unsubscribe_links(client, marketer, newsletter,
                                                                               committed):
    for name in ("ann", "bob"):
        subscribe(f"{name}@example.com")
    client.force_login(marketer)
    page = client.get(send_url(newsletter)).content.decode()
    assert "Audience: 2 confirmed subscribers" in page

    with committed():
        response = client.post(send_url(newsletter), {"segment": "all", "when": "now"}, follow=True)

    assert "Sending to 2 subscriber(s) now" in response.content.decode()
    assert sorted(m.to[0] for m in mail.outbox) == ["ann@example.com", "bob@example.com"]
    email = next(m for m in mail.outbox if m.to == ["ann@example.com"])
    html = email.alternatives[0][0]
    unsubscribe = email.extra_headers["List-Unsubscribe"].strip("<>")
    assert email.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert unsubscribe in html and "/newsletter/preferences/" in html and unsubscribe in email.body
    assert "bob@example.com" not in html  # each email is its own recipient's

    assert client.post(unsubscribe.split("testserver")[-1] if "testserver" in unsubscribe
                       else "/newsletter/unsubscribe/" + unsubscribe.rsplit("/unsubscribe/", 1)[1]).status_code == 200
    assert Subscriber.objects.get(email="ann@example.com").status == "unsubscribed"
    figures = campaigns.figures(Send.objects.get())
    assert (figures["recipients"], figures["queued"], figures["delivered"], figures["failed"]) == (2, 2, 2, 0)
    assert "opened" in figures and "revenue" in figures  # filled by the tracking app when it is installed


def test_editors_and_merchandisers_cannot_send_superusers_can(client, editor, merchandiser, newsletter,
                                                              admin_user, committed):
    subscribe("fan@example.com")
    client.force_login(editor)
    assert client.get(send_url(newsletter)).status_code == 403
    assert client.post(send_url(newsletter), {"segment": "all", "when": "now"}).status_code == 403
    client.force_login(merchandiser)
    refused = client.post(send_url(newsletter), {"segment": "all", "when": "now"})
    assert refused.status_code == 403 or "/cms/login/" in refused["Location"]  # /cms/ is closed to them
    assert not Send.objects.exists() and mail.outbox == []

    client.force_login(admin_user)
    with committed():
        assert client.post(send_url(newsletter), {"segment": "all", "when": "now"}).status_code == 302
    assert [m.to for m in mail.outbox] == [["fan@example.com"]]


def test_an_unpublished_newsletter_is_not_sent(client, marketer, newsletter):
    newsletter.live = False
    newsletter.save()
    client.force_login(marketer)
    response = client.post(send_url(newsletter), {"segment": "all", "when": "now"})
    assert response.status_code == 400 and "Publish the newsletter first" in response.content.decode()


def test_a_scheduled_send_goes_out_once_when_due_and_can_be_cancelled_before(client, marketer, newsletter,
                                                                              committed):
    subscribe("fan@example.com")
    client.force_login(marketer)
    later = (timezone.localtime() + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M")
    for _ in range(2):
        client.post(send_url(newsletter), {"segment": "all", "when": "later", "send_at": later})
    first, second = Send.objects.order_by("pk")
    assert "Cancel" in client.get(send_url(newsletter)).content.decode()
    client.post(f"/cms/newsletters/sends/{second.pk}/cancel/")

    with committed():
        send_due_newsletters()  # not due yet
    assert mail.outbox == []

    Send.objects.filter(pk=first.pk).update(send_at=timezone.now())
    with committed():
        send_due_newsletters()
        send_due_newsletters()  # the next minute's beat
    assert [m.to for m in mail.outbox] == [["fan@example.com"]]
    assert Send.objects.get(pk=second.pk).status == "cancelled"
    assert client.post(f"/cms/newsletters/sends/{first.pk}/cancel/", follow=True).status_code == 200
    assert Send.objects.get(pk=first.pk).status == "sent"


def test_batches_keep_to_the_rate_and_a_rerun_or_resume_mails_nobody_twice(newsletter, settings, committed,
                                                                           monkeypatch):
    settings.NEWSLETTER_BATCH_SIZE, settings.NEWSLETTER_EMAILS_PER_MINUTE = 2, 4
    for i in range(5):
        subscribe(f"fan{i}@example.com")
    planned = []
    original = send_newsletter_batch.apply_async

    def record(args, countdown=0, **kwargs):
        planned.append((len(args[1]), countdown))
        return original(args, countdown=countdown, **kwargs)

    monkeypatch.setattr(send_newsletter_batch, "apply_async", record)
    with committed():
        send = campaigns.schedule(newsletter, segment="all")
    assert planned == [(2, 0), (2, 30.0), (1, 60.0)]  # 4 a minute: a batch of 2 every 30 seconds
    assert len(mail.outbox) == 5

    rows = list(Recipient.objects.filter(send=send).values_list("pk", flat=True))
    with committed():
        send_newsletter_batch(send.pk, rows)  # a batch message delivered twice
        Send.objects.filter(pk=send.pk).update(status="sending", progress_at=timezone.now() - timedelta(hours=1))
        assert tasks.start_due()["resumed"] == [send.pk]  # a "stalled" send resumed
    assert len(mail.outbox) == 5 and OutgoingEmail.objects.filter(kind="NEWSLETTER").count() == 5


def test_someone_who_opts_out_after_the_send_began_is_skipped(newsletter, committed):
    subscribe("stays@example.com")
    leaving = subscribe("leaves@example.com")
    send = Send.objects.create(newsletter=newsletter, send_at=timezone.now(), status="sending")
    batching.prepare(send)
    leaving.status = "unsubscribed"
    leaving.save()
    with committed():
        batching.queue_batch(send.pk, list(send.recipient_rows.values_list("pk", flat=True)))
    assert [m.to for m in mail.outbox] == [["stays@example.com"]]
    assert send.recipient_rows.get(email="leaves@example.com").skipped


def test_a_send_the_broker_refuses_is_resumed_by_beat_once_it_is_back(client, marketer, newsletter, settings,
                                                                      committed):
    from config.celery_app import app as celery_app
    from tests.emails.workers import use_broker

    subscribe("fan@example.com")
    client.force_login(marketer)
    saved = celery_app.conf.broker_url, celery_app.conf.task_always_eager
    settings.CELERY_TASK_ALWAYS_EAGER = False
    use_broker("redis://127.0.0.1:1/0")  # nothing listens there
    try:
        with committed():
            response = client.post(send_url(newsletter), {"segment": "all", "when": "now"})
    finally:
        use_broker(*saved)
    assert response.status_code == 302 and mail.outbox == []
    send = Send.objects.get()
    assert send.status == "sending"

    Send.objects.filter(pk=send.pk).update(progress_at=timezone.now() - timedelta(hours=1))
    with committed():
        send_due_newsletters()  # the broker is back; beat's next minute
    assert [m.to for m in mail.outbox] == [["fan@example.com"]]


def test_the_admin_offers_send_to_marketing_and_test_to_editors(client, marketer, editor, newsletter):
    listing = "/cms/snippets/newsletter/newsletter/"
    client.force_login(marketer)
    html = client.get(listing).content.decode()
    assert "Autumn in the larder" in html and f"/cms/newsletters/{newsletter.pk}/send/" in html

    client.force_login(editor)
    html = client.get(listing).content.decode()
    assert f"/cms/newsletters/{newsletter.pk}/test/" in html and f"/cms/newsletters/{newsletter.pk}/send/" not in html
    edit = client.get(f"{listing}edit/{newsletter.pk}/").content.decode()
    assert "Send me a test" in edit and f"/cms/newsletters/{newsletter.pk}/send/" not in edit
