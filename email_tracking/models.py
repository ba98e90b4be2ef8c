"""What is kept of an opened or clicked marketing email: its outbox key, the link, the time. Nothing else."""
from django.db import models


class EmailOpen(models.Model):
    """The first time one email (one outbox key) was seen opened; later opens add nothing."""

    key = models.CharField(max_length=200, unique=True, help_text="The outbox key of the email")
    opened_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"{self.key} opened"


class EmailClick(models.Model):
    """One click on a link of one email (one outbox key)."""

    key = models.CharField(max_length=200, db_index=True, help_text="The outbox key of the email")
    url = models.URLField(max_length=2000, help_text="Where the link led")
    clicked_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["clicked_at", "pk"]

    def __str__(self):
        return f"{self.key} → {self.url}"
