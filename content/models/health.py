"""Editors' choice to get the content health report by email (content/health.py)."""
from django.conf import settings
from django.db import models


class ContentHealthSubscription(models.Model):
    """An editor's opt-in to the daily email listing live pages that show something no longer on sale."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="content_health_subscription")
    daily = models.BooleanField(default=False, verbose_name="Email me the content health report every morning")

    def __str__(self):
        return f"Content health emails for {self.user}"
