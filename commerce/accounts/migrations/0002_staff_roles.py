"""Create the Editors and Merchandisers groups (commerce.accounts.roles) with their permissions.

Permissions are normally created after the whole migrate run (post_migrate), so this
migration creates those of every app first, then hands the historical registry to the
same code that refreshes the groups after each migrate.
"""
from django.contrib.auth.management import create_permissions
from django.db import migrations


def create_staff_roles(apps, schema_editor):
    from commerce.accounts.roles import ensure_roles

    for app_config in apps.get_app_configs():
        app_config.models_module = True  # create_permissions skips apps without a models module
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    ensure_roles(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("catalogue", "0032_category_exclude_from_menu_category_long_description"),
        ("partner", "0007_partneraddress_code"),
        ("order", "0021_billingaddress_code_shippingaddress_code"),
        ("payment", "0005_auto_20200801_0817"),
        ("offer", "0013_range_excluded_categories"),
        ("voucher", "0010_auto_20210224_0712"),
        ("reviews", "0005_productreview_code"),
        ("analytics", "0003_auto_20200801_0817"),
        ("shipping", "0003_auto_20181115_1953"),
        ("communication", "0004_auto_20200801_0817"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("content", "0002_shoppable_blocks_promotions_footer"),
    ]

    operations = [migrations.RunPython(create_staff_roles, migrations.RunPython.noop)]
