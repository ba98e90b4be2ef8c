from django.apps import AppConfig


class ApiConfig(AppConfig):
    """The REST API at /api/: catalogue reads, headless baskets, and staff integrations by key."""

    name = "api"
    verbose_name = "REST API"

    def ready(self):
        from . import schema  # noqa: F401  registers the key scheme with drf-spectacular
