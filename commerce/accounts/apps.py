from django.apps import AppConfig
from django.db.models.signals import post_migrate


class AccountsConfig(AppConfig):
    name = "commerce.accounts"
    label = "accounts"
    verbose_name = "Customer accounts"

    def ready(self):
        post_migrate.connect(_ensure_roles, dispatch_uid="accounts.ensure_roles")


def _ensure_roles(sender, **kwargs):
    """Refresh the staff groups once per migrate, when every app's permissions exist."""
    if sender.label == "accounts":
        from .roles import ensure_roles

        ensure_roles()
