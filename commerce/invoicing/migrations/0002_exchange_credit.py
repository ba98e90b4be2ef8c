"""Credit notes for exchanges: the returned goods credited toward the replacement order."""

import django.db.models.deletion
from django.db import migrations, models


def describe_refunds(apps, schema_editor):
    """Credit notes written before they carried a description were all card refunds."""
    CreditNote = apps.get_model("invoicing", "CreditNote")
    for note in CreditNote.objects.filter(description="").select_related("invoice__order"):
        note.description = f"Refund to the card that paid order {note.invoice.order.number}"
        note.save(update_fields=["description"])


class Migration(migrations.Migration):

    dependencies = [
        ('invoicing', '0001_initial'),
        ('order', '0023_line_num_consumed'),
        ('payments', '0003_saved_cards'),
    ]

    operations = [
        migrations.AddField(
            model_name='creditnote',
            name='applied_to',
            field=models.ForeignKey(blank=True, help_text="The exchange's replacement order it pays toward", null=True, on_delete=django.db.models.deletion.PROTECT, related_name='credits_applied', to='order.order'),
        ),
        migrations.AddField(
            model_name='creditnote',
            name='description',
            field=models.CharField(blank=True, help_text='What was credited, as printed', max_length=200),
        ),
        migrations.AlterField(
            model_name='creditnote',
            name='refund',
            field=models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='credit_note', to='payments.refund'),
        ),
        migrations.AddConstraint(
            model_name='creditnote',
            constraint=models.CheckConstraint(condition=models.Q(('refund__isnull', False), ('applied_to__isnull', False), _connector='OR'), name='credit_note_for_a_refund_or_an_exchange'),
        ),
        migrations.RunPython(describe_refunds, migrations.RunPython.noop),
    ]
