"""The contact form stores each message and queues two emails; bad input is refused with a clear message."""
import pytest
from django.core import mail
from wagtail.contrib.forms.models import FormSubmission

from notifications.models import OutgoingEmail

from .content_helpers import *  # noqa: F403

pytestmark = pytest.mark.django_db

GOOD = {"name": "Ada Lovelace", "email": "ada@example.com", "message": "Do you ship marmalade to Canada?"}


def send(client, django_capture_on_commit_callbacks, **changes):
    data = {**GOOD, **changes}
    with django_capture_on_commit_callbacks(execute=True):
        return client.post("/contact/", {k: v for k, v in data.items() if v is not None})


def test_a_message_is_stored_and_both_emails_are_queued_then_sent(client, contact, django_capture_on_commit_callbacks):
    response = send(client, django_capture_on_commit_callbacks)
    assert response.status_code == 200
    assert "Thank you, your message has reached us." in response.content.decode()

    submission = FormSubmission.objects.get(page=contact)
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
    assert not FormSubmission.objects.exists() and not OutgoingEmail.objects.exists() and mail.outbox == []


def test_html_in_a_message_is_kept_as_text_and_escaped_where_staff_read_it(client, editor_client, contact,
                                                                           django_capture_on_commit_callbacks):
    script = "<script>alert('hi')</script> <b>bold</b>"
    response = send(client, django_capture_on_commit_callbacks, message=script)
    assert response.status_code == 200
    assert FormSubmission.objects.get().get_data()["message"] == script  # nothing the sender wrote is lost
    listing = editor_client.get(f"/cms/forms/submissions/{contact.pk}/")
    assert listing.status_code == 200
    html = listing.content.decode()
    assert "&lt;script&gt;alert(" in html and "<script>alert('hi')" not in html
    ack = OutgoingEmail.objects.get(kind="contact-ack")
    assert ack.body_html == "" and script in ack.body_text  # plain text only: no HTML email to inject into
