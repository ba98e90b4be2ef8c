"""What shoppers search for: every query and how many results it found.

The reports (top search terms, zero-result searches) read these rows, so a query is
stored as typed and normalised (lowercased, trimmed) to group spellings together.
"""
from django.conf import settings
from django.db import models


class SearchQuery(models.Model):
    """One search or autocomplete request and its result count."""

    class Kind(models.TextChoices):
        SEARCH = "search", "Search"
        AUTOCOMPLETE = "autocomplete", "Autocomplete"

    query = models.CharField(max_length=200, help_text="As typed (cut to 200 characters)")
    normalized = models.CharField(max_length=200, db_index=True, help_text="Lowercased and trimmed")
    results_count = models.PositiveIntegerField(default=0)
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.SEARCH)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    session_key = models.CharField(max_length=40, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name_plural = "search queries"
        indexes = [models.Index(fields=["kind", "created_at"])]

    def __str__(self):
        return f"{self.query!r} ({self.results_count})"

    @staticmethod
    def normalize(text):
        return " ".join(str(text).lower().split())[:200]

    @classmethod
    def record(cls, request, text, results_count, kind=Kind.SEARCH):
        """Store one query; empty queries are not worth a row."""
        normalized = cls.normalize(text)
        if not normalized:
            return None
        user = request.user if getattr(request, "user", None) and request.user.is_authenticated else None
        session = getattr(request, "session", None)
        return cls.objects.create(
            query=str(text)[:200], normalized=normalized, results_count=results_count, kind=kind,
            user=user, session_key=(session.session_key or "") if session is not None else "",
        )
