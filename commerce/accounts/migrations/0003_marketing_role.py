"""Create the Marketing group (it may send newsletters) and let Editors write newsletters.

As in 0002_staff_roles, permissions are created first (normally they only appear after the
whole migrate run), then the same code that refreshes the groups after each migrate runs.
"""
from django.contrib.auth.management import create_permissions
from django.db import migrations


def create_marketing_role(apps, schema_editor):
    from commerce.accounts.roles import ensure_editors, ensure_marketing

    for app_config in apps.get_app_configs():
        app_config.models_module = True  # create_permissions skips apps without a models module
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    ensure_editors(apps)
    ensure_marketing(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_staff_roles"),
        ("newsletter", "0004_newsletters_in_wagtail_with_segmented_sends"),
    ]

    operations = [migrations.RunPython(create_marketing_role, migrations.RunPython.noop)]
