from django.apps import AppConfig
from django.apps import apps as global_apps
from django.db.models.signals import post_migrate


class AccountsConfig(AppConfig):
    name = "commerce.accounts"
    label = "accounts"
    verbose_name = "Customer accounts"

    def ready(self):
        post_migrate.connect(_ensure_roles, dispatch_uid="accounts.ensure_roles")


def _ensure_roles(sender, **kwargs):
    """Refresh the staff groups once per migrate, at the last app's signal: Django creates
    permissions app by app, so only then do those of apps listed after this one exist (the
    content app's product stories, new in that same migrate, for the Editors)."""
    last = [config for config in global_apps.get_app_configs() if config.models_module is not None][-1]
    if sender.label == last.label:
        from .roles import ensure_roles

        ensure_roles()
