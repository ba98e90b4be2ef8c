"""The exchange email names the credit of the items sent back: stored templates still as first
installed take the new wording; one a merchandiser edited is left alone."""
from django.db import migrations

# sha256 of each template as 0003_exchanges installed it
AS_INSTALLED = {
    ("EXCHANGE_SENT", "email_body_template"): "f9c636fbc7011dcf1d1fb153b83ed2e71ca9f29b29a788f49d80a1de7ff46b80",
    ("EXCHANGE_SENT", "email_body_html_template"): "b8e7a01cc2410f6ae4c9ecba33f8cdc2451d3ef77e959a590d3f179a410b36b3",
}


def refresh(apps, schema_editor):
    from commerce.communication.event_types import refresh_unedited

    refresh_unedited(apps, AS_INSTALLED)


class Migration(migrations.Migration):
    dependencies = [("returns", "0004_rma_numbers_from_document_counters")]

    operations = [migrations.RunPython(refresh, migrations.RunPython.noop)]
