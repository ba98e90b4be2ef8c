"""The contact page: a Wagtail form whose submissions are kept and answered by email.

Each valid submission is stored (listed under Forms in /cms/) and queues two emails
through the outbox: a notification to staff, quoting the message, and an acknowledgement
to the address the sender typed, a fixed text that quotes nothing. Both are delivered by
Celery after the request's transaction commits, never in the request.

The address typed in may be anyone's, so acknowledgements are limited per address as well
as per client (settings.RATE_LIMITS["contact_ack"], security/ratelimit.py): past the limit
the message is stored and staff told as usual, only the acknowledgement is skipped, and
the sender sees the same thank-you page either way.

Messages are ContactSubmission rows: Wagtail's form submission plus the account of a sender
who was signed in, so the customer's data download holds their messages and deleting the
account deletes them (security/personal_data.py). A message sent signed out stays unlinked:
the address typed into it proves nothing about who wrote it.
"""
import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.forms import CharField, EmailField, Textarea
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.contrib.forms.forms import FormBuilder
from wagtail.contrib.forms.models import AbstractForm, AbstractFormField, AbstractFormSubmission
from wagtail.fields import RichTextField

logger = logging.getLogger("content.contact")

MESSAGE_MAX_CHARS = 5000
LINE_MAX_CHARS = 255

# The acknowledgement is the same for everyone: it goes to whatever address was typed in,
# so nothing the sender typed (name, message, subject) may appear in it, or the form
# would send anyone's text to anyone. It names only the shop.
ACKNOWLEDGEMENT_SUBJECT = "We have your message | {shop}"
ACKNOWLEDGEMENT_BODY = (
    "Hello,\n\n"
    "Thank you for writing to {shop}. Your message has reached us and we reply within one working day.\n\n"
    "If you did not write to us, someone typed your address by mistake: you can ignore this email.\n\n"
    "{shop}\n"
)


def no_markup(value):
    """Names and subjects are plain text; angle brackets only ever mean someone is pasting HTML."""
    if "<" in value or ">" in value:
        raise ValidationError("Please use plain text here: remove the < and > characters.")


class ContactFormBuilder(FormBuilder):
    """Wagtail's form builder with limits: one-line answers are plain text, messages at most 5,000 characters."""

    def create_singleline_field(self, field, options):
        return CharField(max_length=LINE_MAX_CHARS, validators=[no_markup], **options)

    def create_multiline_field(self, field, options):
        return CharField(widget=Textarea, max_length=MESSAGE_MAX_CHARS, **options)


class ContactFormField(AbstractFormField):
    page = ParentalKey("ContactPage", on_delete=models.CASCADE, related_name="form_fields")


class ContactSubmission(AbstractFormSubmission):
    """One message sent through a contact page, with the account of a sender who was signed in.

    The messages are the customer's own, so they go with the account (CASCADE), however it
    is deleted: a message kept without its account would be personal data nothing finds.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE,
                             related_name="contact_submissions",
                             help_text="The account signed in when the message was sent; empty if signed out")


class ContactPage(AbstractForm):
    """A contact form; every submission is stored and listed under Forms in the admin."""

    intro = RichTextField(blank=True)
    thank_you_text = RichTextField(blank=True)
    staff_email = models.EmailField(blank=True,
                                   help_text="Who is told about new messages (default: the shop's address)")

    content_panels = AbstractForm.content_panels + [
        FieldPanel("intro"),
        InlinePanel("form_fields", label="Form fields"),
        FieldPanel("thank_you_text"),
        FieldPanel("staff_email"),
    ]
    form_builder = ContactFormBuilder

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        form = getattr(response, "context_data", {}).get("form")
        if request.method == "POST" and form is not None and form.errors:
            response.status_code = 400  # the form comes back with its messages; nothing was stored
        return response

    def get_submission_class(self):
        return ContactSubmission

    def process_form_submission(self, form):
        user = getattr(form, "user", None)  # Wagtail's form builder keeps request.user on the form
        submission = self.get_submission_class()(
            form_data=form.cleaned_data, page=self, user=user if user is not None and user.is_authenticated else None)
        # Stored without post_save (bulk_create sends none): the page cache forgets every page when
        # any model of this app is saved (pagecache/invalidation.py), and a message changes nothing
        # a page shows, so saving it that way would let anyone empty the storefront's cache at will.
        [submission] = type(submission).objects.bulk_create([submission])
        self.queue_emails(form, submission)
        return submission

    def queue_emails(self, form, submission):
        from outbox.outbox import queue_email
        from security.ratelimit import over_limit_for_email

        lines = "\n".join(f"{form.fields[name].label}: {value}" for name, value in form.cleaned_data.items())
        queue_email(to=self.staff_email or settings.DEFAULT_FROM_EMAIL, kind="contact-staff",
                    key=f"contact:{submission.pk}:staff", subject=f"New message from the {self.title} page",
                    body=f"A visitor wrote through {self.full_url or self.url}:\n\n{lines}\n")
        sender = next((v for n, v in form.cleaned_data.items() if isinstance(form.fields[n], EmailField) and v), None)
        if not sender:
            return
        if over_limit_for_email("contact_ack", sender):
            logger.info("Contact submission %s: acknowledgement skipped, its address had one recently", submission.pk)
            return
        queue_email(to=sender, kind="contact-ack", key=f"contact:{submission.pk}:ack",
                    subject=ACKNOWLEDGEMENT_SUBJECT.format(shop=settings.SHOP_NAME),
                    body=ACKNOWLEDGEMENT_BODY.format(shop=settings.SHOP_NAME))
