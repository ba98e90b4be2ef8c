"""The newsletter's two emails as event types merchandisers can edit at /shop/dashboard/comms/."""
from django.db import migrations

EVENT_TYPES = [
    ("NEWSLETTER_CONFIRM", "Newsletter: confirm subscription (double opt-in)", "User related"),
    ("NEWSLETTER", "Newsletter: a promotion sent to subscribers", "User related"),
]


def install(apps, schema_editor):
    from commerce.communication.event_types import install_event_types

    install_event_types(apps, EVENT_TYPES)


class Migration(migrations.Migration):
    dependencies = [("newsletter", "0001_initial"), ("communication", "0005_shop_email_event_types")]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
