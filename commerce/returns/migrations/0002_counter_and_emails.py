"""The RMA counter's one row, and the return emails as event types editable at /shop/dashboard/comms/."""
from django.db import migrations

EVENT_TYPES = [
    ("RETURN_REQUESTED", "Return requested (with the RMA number)", "Order related"),
    ("RETURN_APPROVED", "Return approved (with the slip link)", "Order related"),
    ("RETURN_REJECTED", "Return rejected (with the reason)", "Order related"),
    ("RETURN_RECEIVED", "Returned goods received", "Order related"),
]


def install(apps, schema_editor):
    from commerce.communication.event_types import install_event_types

    apps.get_model("returns", "RmaCounter").objects.get_or_create(pk=1)
    install_event_types(apps, EVENT_TYPES)


class Migration(migrations.Migration):
    dependencies = [("returns", "0001_initial"), ("communication", "0006_order_emails_show_tax")]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
