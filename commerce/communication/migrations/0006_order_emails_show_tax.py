"""Order emails list their tax lines: the stored templates still as first installed take the new wording.

A template a merchandiser edited (its text differs from what was installed) is left alone.
"""
from django.db import migrations

# sha256 of each template as the previous release installed it
AS_INSTALLED = {
    ("ORDER_PLACED", "email_body_template"): "e52cc433450a038552bf8333b5ef072592b7845ff286ed67387cc85f9b99f436",
    ("ORDER_PLACED", "email_body_html_template"): "ad249c64258b422aaa7488a182acf653f855d2ae213dc904f1b953ce0d41d473",
    ("ORDER_PROCESSING", "email_body_template"): "b62ea5c2e6773af852987eac5921bc513591e117952e362e13109235b0899f5f",
    ("ORDER_PROCESSING", "email_body_html_template"): "e5a023609970e4956d9d311b35949cad491f484a6f581a47e3263d1b45717427",
    ("ORDER_SHIPPED", "email_body_template"): "9dfff4ef72620ce6d44cbf6387e5cc5e10d86d3946ddc7d1cabbaebd26f6f6cb",
    ("ORDER_SHIPPED", "email_body_html_template"): "fdd2d6b93522ef1ed8b7497d03f590ce8ccb1e76cc7675884e258e5116bdcbe0",
    ("ORDER_DELIVERED", "email_body_template"): "0414cd2f42c94e85a5a7e9b95a0b4d74f1c05ce260a45045ded710db40dabd1f",
    ("ORDER_DELIVERED", "email_body_html_template"): "faf7069a0c99a97c400e655f2ef93ff68d610bfcacbd458939c0c41e5676522e",
    ("ORDER_CANCELLED", "email_body_template"): "1017ba738650cb5e76aa366aa34bc77f3e012ded478d2d1f50a592db3e3afce8",
    ("ORDER_CANCELLED", "email_body_html_template"): "2e315584c337a253cf7fac56a18c1ec0af07a901207f6d365d8f9c18eafcbceb",
}


def refresh(apps, schema_editor):
    from commerce.communication.event_types import refresh_unedited

    refresh_unedited(apps, AS_INSTALLED)


class Migration(migrations.Migration):
    dependencies = [("communication", "0005_shop_email_event_types")]

    operations = [migrations.RunPython(refresh, migrations.RunPython.noop)]
