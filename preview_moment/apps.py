from django.apps import AppConfig


class PreviewMomentConfig(AppConfig):
    name = "preview_moment"
    verbose_name = "Preview at a moment"
