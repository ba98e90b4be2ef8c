from django.apps import AppConfig


class NewsletterConfig(AppConfig):
    name = "newsletter"
    verbose_name = "Newsletter"
    default_auto_field = "django.db.models.AutoField"

    def ready(self):
        from .models import Newsletter
        from .personalisation import preview

        Newsletter.draw_preview = preview
