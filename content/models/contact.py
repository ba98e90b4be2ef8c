"""The contact page: a Wagtail form whose submissions are kept and answered by email.

Each valid submission is stored (listed under Forms in /cms/) and queues two emails
through the outbox: a notification to staff and an acknowledgement to the sender. Both
are delivered by Celery after the request's transaction commits, never in the request.
"""
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.forms import CharField, EmailField, Textarea
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.contrib.forms.forms import FormBuilder
from wagtail.contrib.forms.models import AbstractForm, AbstractFormField
from wagtail.fields import RichTextField

MESSAGE_MAX_CHARS = 5000
LINE_MAX_CHARS = 255


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

    def process_form_submission(self, form):
        submission = super().process_form_submission(form)
        self.queue_emails(form, submission)
        return submission

    def queue_emails(self, form, submission):
        from notifications.outbox import queue_email

        lines = "\n".join(f"{form.fields[name].label}: {value}" for name, value in form.cleaned_data.items())
        queue_email(to=self.staff_email or settings.DEFAULT_FROM_EMAIL, kind="contact-staff",
                    key=f"contact:{submission.pk}:staff", subject=f"New message from the {self.title} page",
                    body=f"A visitor wrote through {self.full_url or self.url}:\n\n{lines}\n")
        sender = next((v for n, v in form.cleaned_data.items() if isinstance(form.fields[n], EmailField) and v), None)
        if sender:
            queue_email(to=sender, kind="contact-ack", key=f"contact:{submission.pk}:ack",
                        subject=f"We have your message | {settings.SHOP_NAME}",
                        body=f"Thank you for writing to {settings.SHOP_NAME}. We reply within one working day.\n\n"
                             f"Your message:\n\n{lines}\n")
