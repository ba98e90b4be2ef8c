from django.apps import AppConfig
from django.db.models.signals import post_migrate


class AccountsConfig(AppConfig):
    name = "commerce.accounts"
    label = "accounts"
    verbose_name = "Customer accounts"

    def ready(self):
        from .roles import ensure_roles

        # After every app's permissions exist, i.e. once the whole migrate has run.
        post_migrate.connect(_ensure_roles_once, dispatch_uid="accounts.ensure_roles")
        self._ensure_roles = ensure_roles


def _ensure_roles_once(sender, **kwargs):
    if sender.label == "accounts":
        from .roles import ensure_roles

        ensure_roles()
