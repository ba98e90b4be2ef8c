"""Oscar's communication models; event types render with the restricted context of context.py.

An event type's templates are stored in the database and edited by merchandisers, so
they are compiled with only the email tag libraries and rendered with plain values (see
context.py): no template can print a password hash, token or session. The other models
are Oscar's own, unchanged.
"""
import logging

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.template import Context, TemplateDoesNotExist, TemplateSyntaxError
from django.template.loader import get_template
from oscar.apps.communication.abstract_models import AbstractCommunicationEventType

from .context import editable_engine, email_context

logger = logging.getLogger("commerce.communication")

# Message name -> the field holding its template (None in the field: use the file template).
MESSAGE_FIELDS = {
    "subject": "email_subject_template",
    "body": "email_body_template",
    "html": "email_body_html_template",
    "sms": "sms_template",
}


class CommunicationEventType(AbstractCommunicationEventType):
    def clean(self):
        """Refuse a template the email engine can't use: one loading a tag library it doesn't
        offer, directly or through a template it extends or includes, or naming a missing one."""
        super().clean()
        errors = {}
        for field in MESSAGE_FIELDS.values():
            source = getattr(self, field)
            if source is None:
                continue
            try:
                render_editable(source, {})  # extends and includes are only loaded when rendering
            except (TemplateSyntaxError, TemplateDoesNotExist) as exc:
                # The dashboard's form has no SMS field: its error goes to the top of the form.
                errors[NON_FIELD_ERRORS if field == "sms_template" else field] = (
                    f"This template can't be used in an email: {exc}")
            except Exception:  # noqa: BLE001  a value missing from the empty context, not the template's fault
                pass
        if errors:
            raise ValidationError(errors)

    def get_messages(self, ctx=None):
        """Oscar's rendered messages (subject without line breaks), from the restricted context.

        One context dict serves every message, as in Oscar, so the output is the same.
        """
        context = email_context(ctx)
        context["static_base_url"] = getattr(settings, "OSCAR_STATIC_BASE_URL", None)
        messages = {name: self._render(field, context) for name, field in MESSAGE_FIELDS.items()}
        messages["subject"] = messages["subject"].replace("\n", "").replace("\r", "")
        return messages

    def _render(self, field, context):
        source = getattr(self, field)
        if source is not None:
            try:
                return render_editable(source, context)
            except (TemplateSyntaxError, TemplateDoesNotExist):
                # Saved before clean() refused such templates, or not through a form: the
                # shop's own template is sent instead, so the customer still gets the email.
                logger.exception("Event type %s: the %s can't be rendered, using the file template", self.code, field)
        try:
            template = get_template(getattr(self, f"{field}_file") % self.code.lower())
        except TemplateDoesNotExist:
            return ""
        return template.render(context)


def render_editable(source, context):
    """Render a stored template with the email engine (only the email tag libraries)."""
    engine = editable_engine()
    return engine.from_string(source).render(Context(context, autoescape=engine.autoescape))


from oscar.apps.communication.models import *  # noqa: E402,F401,F403  Email and Notification, Oscar's own
