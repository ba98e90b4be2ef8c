# Order lines record the units they took off the shelf when they shipped.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("order", "0022_status_change_by_and_tracking"),
    ]

    operations = [
        migrations.AddField(
            model_name="line",
            name="num_consumed",
            field=models.PositiveIntegerField(
                default=0, help_text="Units taken out of the stock record's num_in_stock when this line shipped"),
        ),
        migrations.AddConstraint(
            model_name="line",
            constraint=models.CheckConstraint(
                condition=models.Q(num_consumed__lte=models.F("quantity") - models.F("num_allocated")),
                name="order_line_consumed_within_quantity"),
        ),
        migrations.AddConstraint(
            model_name="line",
            constraint=models.CheckConstraint(
                condition=models.Q(num_consumed=0) | models.Q(allocation_cancelled=False),
                name="order_line_consumed_or_released"),
        ),
    ]
