"""One uploaded catalogue or stock file, from its check (the dry run) to its import.

The file itself is kept in the row (at most CATALOGUE_IMPORT_MAX_BYTES), not in media
storage, which is served publicly; the worker reads it from here, and it is emptied once
the job is finished (imported or refused). `rows` holds the
row-by-row report of the latest pass: what the check would do, then what the import did.
"""
from django.conf import settings
from django.db import models


class ImportJob(models.Model):
    class Status(models.TextChoices):
        CHECKING = "checking", "Checking"
        CHECKED = "checked", "Checked: nothing written yet"
        APPLYING = "applying", "Importing"
        APPLIED = "applied", "Imported"
        FAILED = "failed", "Refused"

    class Layout(models.TextChoices):
        FULL = "full", "Full catalogue"
        STOCK = "stock", "Stock only"

    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                   related_name="+")
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    file_name = models.CharField(max_length=255)
    file_format = models.CharField(max_length=8)  # csv or xlsx
    content = models.BinaryField(editable=False)
    layout = models.CharField(max_length=8, choices=Layout.choices, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.CHECKING)
    total = models.PositiveIntegerField(default=0)
    processed = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    changed = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    refused = models.PositiveIntegerField(default=0)
    rows = models.JSONField(default=list, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"Import of {self.file_name}"

    @property
    def is_busy(self):
        return self.status in (self.Status.CHECKING, self.Status.APPLYING)

    @property
    def progress(self):
        return round(100 * self.processed / self.total) if self.total else 0
