"""Every email the shop sends becomes an event type merchandisers can edit."""
from django.db import migrations


def install(apps, schema_editor):
    from commerce.communication.event_types import install_event_types

    install_event_types(apps)


class Migration(migrations.Migration):
    dependencies = [("communication", "0004_auto_20200801_0817")]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
