from django.apps import AppConfig


class OutboxConfig(AppConfig):
    """The email outbox. Its label stays "notifications", the name it was first installed
    under, so existing databases keep their table, permissions and migration history."""

    name = "outbox"
    label = "notifications"
    verbose_name = "Outgoing email"
