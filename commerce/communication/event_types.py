"""The shop's emails as communication event types, editable at /shop/dashboard/comms/.

`install_event_types` creates a row per email with its subject, text and HTML templates
copied from the template files (templates/oscar/communication/emails/commtype_<code>_*),
so a merchandiser sees and edits the wording actually sent. A template a merchandiser has
already edited is never overwritten. Called from data migrations with their app registry.
"""
import hashlib

from django.template import TemplateDoesNotExist
from django.template.loader import get_template

ORDER, USER = "Order related", "User related"

EVENT_TYPES = [
    ("ORDER_PLACED", "Order placed and paid", ORDER),
    ("PAYMENT_FAILED", "Payment failed", ORDER),
    ("ORDER_PROCESSING", "Order being prepared", ORDER),
    ("ORDER_SHIPPED", "Order shipped (with tracking link)", ORDER),
    ("ORDER_DELIVERED", "Order delivered", ORDER),
    ("ORDER_CANCELLED", "Order cancelled", ORDER),
    ("ORDER_REFUNDED", "Order refunded", ORDER),
    ("REGISTRATION", "Welcome (new account)", USER),
    ("PASSWORD_RESET", "Password reset", USER),
    ("PASSWORD_CHANGED", "Password changed", USER),
    ("EMAIL_CHANGED", "Email address changed (to old and new address)", USER),
    ("PRODUCT_ALERT", "Back in stock", USER),
    ("PRODUCT_ALERT_CONFIRMATION", "Back-in-stock alert confirmation", USER),
    ("LOW_STOCK_ALERT", "Low stock (to staff)", USER),
]

FIELDS = {"email_subject_template": "subject.txt", "email_body_template": "body.txt",
          "email_body_html_template": "body.html"}


def template_source(code, suffix):
    try:
        return get_template(f"oscar/communication/emails/commtype_{code.lower()}_{suffix}").template.source
    except TemplateDoesNotExist:
        return None


def install_event_types(apps, event_types=EVENT_TYPES):
    EventType = apps.get_model("communication", "CommunicationEventType")
    for code, name, category in event_types:
        event_type, _ = EventType.objects.get_or_create(code=code, defaults={"name": name, "category": category})
        for field, suffix in FIELDS.items():
            if getattr(event_type, field) is None:
                setattr(event_type, field, template_source(code, suffix))
        event_type.save()


def refresh_unedited(apps, as_installed):
    """Give stored templates the wording of today's template files, unless a merchandiser edited them.

    `as_installed` maps (code, field) to the sha256 of the text an earlier release
    installed; a stored template with another hash was edited and is left alone.
    """
    EventType = apps.get_model("communication", "CommunicationEventType")
    suffixes = dict(FIELDS)
    for event_type in EventType.objects.filter(code__in={code for code, _ in as_installed}):
        for field in suffixes:
            installed = as_installed.get((event_type.code, field))
            stored = getattr(event_type, field) or ""
            if installed and hashlib.sha256(stored.encode()).hexdigest() == installed:
                setattr(event_type, field, template_source(event_type.code, suffixes[field]))
        event_type.save()
