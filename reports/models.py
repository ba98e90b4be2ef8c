"""A report run (one request for one report, built by a Celery task) and the staff
opt-in for the scheduled report emails."""
from django.conf import settings
from django.db import models


class ReportRun(models.Model):
    """Parameters, progress and result of building one report.

    `result` holds summary figures, tables and chart references as JSON (money as
    decimal strings), so the page, the CSV and the XLSX all render the same numbers.
    """

    class Kind(models.TextChoices):
        SALES = "sales", "Sales"
        INVENTORY = "inventory", "Inventory"
        CUSTOMERS = "customers", "Customer behaviour"
        RETURNS = "returns", "Returns and refunds"
        ATTRIBUTION = "attribution", "Content attribution"

    class Granularity(models.TextChoices):
        DAY = "day", "By day"
        WEEK = "week", "By week"
        MONTH = "month", "By month"

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    date_from = models.DateField(help_text="First day, in the shop's time zone")
    date_to = models.DateField(help_text="Last day (inclusive), in the shop's time zone")
    granularity = models.CharField(max_length=10, choices=Granularity.choices, default=Granularity.DAY)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED, db_index=True)
    progress = models.PositiveSmallIntegerField(default=0, help_text="Percent done")
    step = models.CharField(max_length=120, blank=True, help_text="What the builder is doing now")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="report_runs",
        help_text="Empty for the scheduled (beat) runs",
    )
    schedule = models.CharField(max_length=10, blank=True, help_text="daily/weekly for scheduled runs")
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    result = models.JSONField(null=True, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        permissions = [("view_all_reportruns", "Can view report runs requested by other staff")]

    def __str__(self):
        return f"{self.get_kind_display()} {self.date_from}–{self.date_to}"

    @property
    def is_finished(self):
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def file_stem(self):
        return f"{self.kind}-{self.date_from:%Y%m%d}-{self.date_to:%Y%m%d}-run{self.pk}"


class ReportSubscription(models.Model):
    """A staff member's choice to get the scheduled sales and inventory reports by email."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="report_subscription")
    daily = models.BooleanField(default=False, help_text="Yesterday's figures, every morning")
    weekly = models.BooleanField(default=False, help_text="Last Monday–Sunday, every Monday")

    def __str__(self):
        return f"Report emails for {self.user}"
