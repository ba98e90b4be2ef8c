from django.apps import AppConfig


class ImageryConfig(AppConfig):
    name = "imagery"
    verbose_name = "Storefront images"

    def ready(self):
        from . import receivers

        receivers.connect()
