"""RMA numbers come from the shop's document counters (invoicing.NumberSeries, series "RMA"),
like invoice and credit-note numbers; the last number given carries over."""
from django.db import migrations


def carry_over(apps, schema_editor):
    last = apps.get_model("returns", "RmaCounter").objects.filter(pk=1).values_list("last", flat=True).first()
    if last:
        apps.get_model("invoicing", "NumberSeries").objects.update_or_create(series="RMA", defaults={"last": last})


def carry_back(apps, schema_editor):
    series = apps.get_model("invoicing", "NumberSeries").objects.filter(series="RMA").first()
    apps.get_model("returns", "RmaCounter").objects.update_or_create(
        pk=1, defaults={"last": series.last if series else 0})


class Migration(migrations.Migration):
    dependencies = [("returns", "0003_exchanges"), ("invoicing", "0001_initial")]

    operations = [
        migrations.RunPython(carry_over, carry_back),
        migrations.DeleteModel(name="RmaCounter"),
    ]
