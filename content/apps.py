from django.apps import AppConfig


class ContentConfig(AppConfig):
    name = "content"
    verbose_name = "Content pages"

    def ready(self):
        from . import featuring, product_stories

        featuring.connect()
        product_stories.connect()
