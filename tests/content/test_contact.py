"""The contact form stores each message and queues two emails; bad input is refused with a clear message.

The acknowledgement goes to whatever address was typed in, so it quotes nothing the sender
typed and each address gets at most one per window, whichever client sends the form.
A message sent signed in records the account, so it is part of that customer's data.
"""
import importlib
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core import mail
from django.db import connection
from django.test import Client
from django.utils import timezone
from freezegun import freeze_time
from wagtail.contrib.forms.models import FormSubmission

from content.models import ContactSubmission
from outbox.models import OutgoingEmail
from security import ratelimit

pytestmark = pytest.mark.django_db

GOOD = {"name": "Ada Lovelace", "email": "ada@example.com", "message": "Do you ship marmalade to Canada?"}


def send(client, django_capture_on_commit_callbacks, remote_addr="127.0.0.1", **changes):
    data = {**GOOD, **changes}
    with django_capture_on_commit_callbacks(execute=True):
        return client.post("/contact/", {k: v for k, v in data.items() if v is not None}, REMOTE_ADDR=remote_addr)


def emails(kind):
    return list(OutgoingEmail.objects.filter(kind=kind).order_by("pk"))


def test_a_message_is_stored_and_both_emails_are_queued_then_sent(client, contact, django_capture_on_commit_callbacks):
    response = send(client, django_capture_on_commit_callbacks)
    assert response.status_code == 200
    assert "Thank you, your message has reached us." in response.content.decode()

    submission = ContactSubmission.objects.get(page=contact)
    assert submission.get_data()["message"] == GOOD["message"]
    emails = {e.kind: e for e in OutgoingEmail.objects.all()}
    assert set(emails) == {"contact-staff", "contact-ack"}
    assert emails["contact-staff"].to == "staff@example.com"
    assert emails["contact-staff"].key == f"contact:{submission.pk}:staff"
    assert "Do you ship marmalade to Canada?" in emails["contact-staff"].body_text
    assert "Email: ada@example.com" in emails["contact-staff"].body_text
    assert emails["contact-ack"].to == "ada@example.com"
    assert {m.to[0] for m in mail.outbox} == {"staff@example.com", "ada@example.com"}  # delivered by the Celery task
    assert all(e.status == "sent" for e in OutgoingEmail.objects.all())


def test_nothing_is_emailed_inside_the_request(client, contact, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post("/contact/", GOOD)
        assert mail.outbox == []
    assert len(callbacks) == 2 and OutgoingEmail.objects.filter(status="queued").count() == 2


@pytest.mark.parametrize("changes, field, message", [
    ({"email": None}, "email", "This field is required."),
    ({"email": "not-an-address"}, "email", "Enter a valid email address."),
    ({"message": "x" * 100 * 1024}, "message", "Ensure this value has at most 5000 characters (it has 102400)."),
    ({"name": "<script>alert(1)</script>"}, "name", "Please use plain text here: remove the &lt; and &gt; characters."),
])
def test_bad_input_is_refused_with_a_clear_message_and_nothing_is_stored(client, contact, changes, field, message,
                                                                          django_capture_on_commit_callbacks):
    response = send(client, django_capture_on_commit_callbacks, **changes)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert "Your message wasn&#x27;t sent" in html or "Your message wasn't sent" in html
    assert "<script>alert(1)</script>" not in html
    assert not ContactSubmission.objects.exists() and not OutgoingEmail.objects.exists() and mail.outbox == []


def test_html_in_a_message_is_kept_as_text_and_escaped_where_staff_read_it(client, editor_client, contact,
                                                                           django_capture_on_commit_callbacks):
    script = "<script>alert('hi')</script> <b>bold</b>"
    response = send(client, django_capture_on_commit_callbacks, message=script)
    assert response.status_code == 200
    assert ContactSubmission.objects.get().get_data()["message"] == script  # nothing the sender wrote is lost
    listing = editor_client.get(f"/cms/forms/submissions/{contact.pk}/")
    assert listing.status_code == 200
    html = listing.content.decode()
    assert "&lt;script&gt;alert(" in html and "<script>alert('hi')" not in html
    ack = OutgoingEmail.objects.get(kind="contact-ack")
    assert ack.body_html == ""  # plain text only: no HTML email to inject into
    assert "script" not in ack.body_text and "bold" not in ack.body_text  # and nothing of the message in it
    assert script in OutgoingEmail.objects.get(kind="contact-staff").body_text


SPAM = {"name": "Buy pills at http://pills.example", "email": "victim@example.org",
        "message": "Cheap pills, no prescription: http://pills.example/buy"}


def test_the_acknowledgement_quotes_nothing_the_sender_typed(client, contact, django_capture_on_commit_callbacks):
    assert send(client, django_capture_on_commit_callbacks, **SPAM).status_code == 200
    [ack] = emails("contact-ack")
    assert ack.to == "victim@example.org"
    for typed in ("pills", "Buy", "prescription", "http://"):
        assert typed not in ack.subject and typed not in ack.body_text
    assert ack.subject == "We have your message | Larder & Loom"
    assert "Thank you for writing to Larder & Loom" in ack.body_text
    assert ack.body_html == ""
    delivered = next(m for m in mail.outbox if m.to == ["victim@example.org"])
    assert "pills" not in delivered.subject and "pills" not in delivered.body
    [staff] = emails("contact-staff")  # staff still read every word
    assert SPAM["name"] in staff.body_text and SPAM["message"] in staff.body_text


def test_a_second_message_from_the_same_address_is_kept_but_not_acknowledged_again(
        client, contact, django_capture_on_commit_callbacks):
    first = send(client, django_capture_on_commit_callbacks)
    second = send(client, django_capture_on_commit_callbacks, message="And to Mexico?")
    for response in (first, second):  # the sender can't tell the second acknowledgement was skipped
        assert response.status_code == 200
        assert "Thank you, your message has reached us." in response.content.decode()
    assert [s.get_data()["message"] for s in ContactSubmission.objects.order_by("pk")] == [
        GOOD["message"], "And to Mexico?"]
    assert [e.to for e in emails("contact-staff")] == ["staff@example.com"] * 2
    assert "And to Mexico?" in emails("contact-staff")[1].body_text
    assert [e.to for e in emails("contact-ack")] == ["ada@example.com"]
    assert sorted(m.to[0] for m in mail.outbox) == ["ada@example.com", "staff@example.com", "staff@example.com"]


def test_many_clients_naming_one_address_get_it_one_acknowledgement(client, contact,
                                                                    django_capture_on_commit_callbacks):
    spellings = ["victim@example.org", "Victim@Example.ORG", "VICTIM@example.org", " victim@example.org "]
    for n, address in enumerate(spellings):
        response = send(client, django_capture_on_commit_callbacks, remote_addr=f"203.0.113.{n + 1}",
                        **{**SPAM, "email": address})
        assert response.status_code == 200
    assert ContactSubmission.objects.count() == len(spellings)
    assert len(emails("contact-staff")) == len(spellings)
    assert [e.to for e in emails("contact-ack")] == ["victim@example.org"]


def test_another_address_still_gets_its_acknowledgement(client, contact, django_capture_on_commit_callbacks):
    send(client, django_capture_on_commit_callbacks)
    send(client, django_capture_on_commit_callbacks, email="grace@example.com")
    assert [e.to for e in emails("contact-ack")] == ["ada@example.com", "grace@example.com"]


def test_the_address_is_acknowledged_again_once_its_window_has_passed(client, contact, settings,
                                                                     django_capture_on_commit_callbacks):
    allowed, window = settings.RATE_LIMITS["contact_ack"]
    assert allowed == 1 and window >= 3600
    with freeze_time("2026-03-02 09:00:00") as clock:  # windows are fixed: start well inside one
        send(client, django_capture_on_commit_callbacks)
        clock.tick(timedelta(hours=1))
        send(client, django_capture_on_commit_callbacks, remote_addr="203.0.113.9")
        assert len(emails("contact-ack")) == 1
        clock.tick(timedelta(seconds=window))
        send(client, django_capture_on_commit_callbacks)
    assert len(emails("contact-ack")) == 2 and ContactSubmission.objects.count() == 3


def test_the_per_address_counter_keeps_no_address_in_the_cache(client, contact, monkeypatch,
                                                              django_capture_on_commit_callbacks):
    keys = []
    real_add = ratelimit.cache.add
    monkeypatch.setattr(ratelimit.cache, "add", lambda key, *args, **kwargs: keys.append(key) or real_add(
        key, *args, **kwargs))
    send(client, django_capture_on_commit_callbacks, email="Ada@Example.com")
    ack_keys = [key for key in keys if key.startswith("ratelimit:contact_ack:")]
    assert len(ack_keys) == 1
    assert "ada" not in ack_keys[0].lower() and "example" not in ack_keys[0].lower()


# Who sent it -------------------------------------------------------------------------------

def test_a_message_sent_signed_in_records_the_account_and_one_sent_signed_out_records_none(
        client, shopper, contact, django_capture_on_commit_callbacks):
    send(client, django_capture_on_commit_callbacks, message="Sent before signing in")
    client.force_login(shopper)
    send(client, django_capture_on_commit_callbacks, message="Sent signed in")
    stranger = Client()
    stranger.force_login(get_user_model().objects.create_user(email="mallory@example.com", password="x-long-pw-1"))
    send(stranger, django_capture_on_commit_callbacks, email="mallory@example.com", message="Mallory's question")

    sent = {s.get_data()["message"]: s for s in ContactSubmission.objects.filter(page=contact)}
    assert sent["Sent before signing in"].user is None  # the same address typed, but nobody was signed in
    assert sent["Sent signed in"].user == shopper
    assert sent["Mallory's question"].user.email == "mallory@example.com"
    assert list(shopper.contact_submissions.all()) == [sent["Sent signed in"]]
    assert not FormSubmission.objects.exists()  # the contact page no longer writes to Wagtail's shared table


def test_a_message_leaves_the_page_cache_alone(client, shopper, contact, django_capture_on_commit_callbacks):
    from pagecache.store import forget_all_pages

    for signed_in in (False, True):
        if signed_in:
            client.force_login(shopper)
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            assert client.post("/contact/", GOOD).status_code == 200
        assert forget_all_pages not in callbacks  # nothing any page shows has changed
    assert ContactSubmission.objects.count() == 2


def test_staff_see_every_message_under_forms_in_the_cms(client, shopper, editor, contact,
                                                        django_capture_on_commit_callbacks):
    send(client, django_capture_on_commit_callbacks, message="Signed out question")
    client.force_login(shopper)
    send(client, django_capture_on_commit_callbacks, message="Signed in question")
    staff = Client()
    staff.force_login(editor)
    listing = staff.get(f"/cms/forms/submissions/{contact.pk}/")
    assert listing.status_code == 200
    html = listing.content.decode()
    assert "Signed out question" in html and "Signed in question" in html
    forms = staff.get("/cms/forms/").content.decode()
    assert f"/cms/forms/submissions/{contact.pk}/" in forms


# Messages sent before the contact page had its own table --------------------------------------

def test_messages_sent_before_move_to_the_contact_pages_table_as_they_were(client, home, contact, editor,
                                                                        django_capture_on_commit_callbacks):
    migration = importlib.import_module("content.migrations.0003_contactsubmission")
    month_ago = timezone.now() - timedelta(days=30)
    old = FormSubmission.objects.create(page=contact, form_data={**GOOD, "message": "An old question"})
    FormSubmission.objects.filter(pk=old.pk).update(submit_time=month_ago)
    deleted = FormSubmission.objects.create(page=contact, form_data=GOOD).pk  # staff deleted it since
    FormSubmission.objects.filter(pk=deleted).delete()
    elsewhere = FormSubmission.objects.create(page=home, form_data={"note": "not the contact page's"})
    for pk in (old.pk, deleted):  # the old messages' emails, keyed by their ids
        OutgoingEmail.objects.create(to="staff@example.com", kind="contact-staff", key=f"contact:{pk}:staff",
                                     subject="New message", body_text="an old message")

    migration.move_contact_messages(apps, SimpleNamespace(connection=connection))

    [moved] = ContactSubmission.objects.all()
    assert (moved.pk, moved.page_id, moved.user) == (old.pk, contact.pk, None)
    assert moved.form_data["message"] == "An old question" and moved.submit_time == month_ago
    assert list(FormSubmission.objects.all()) == [elsewhere]
    staff = Client()
    staff.force_login(editor)
    assert "An old question" in staff.get(f"/cms/forms/submissions/{contact.pk}/").content.decode()

    # A new message takes an id no old one had, so its emails aren't taken for ones already sent.
    send(client, django_capture_on_commit_callbacks, message="A new question")
    new = ContactSubmission.objects.get(form_data__message="A new question")
    assert new.pk > deleted
    assert "A new question" in OutgoingEmail.objects.get(key=f"contact:{new.pk}:staff").body_text
