"""The daily and weekly sales and inventory reports, emailed (CSV attached) to staff who
opted in. Safe to run twice: runs are reused and each email has an idempotency key."""
import datetime as dt

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import Q

from outbox.outbox import queue_email

from . import runs
from .exports import CSV_MIME, to_csv
from .models import ReportRun
from .periods import Period, last_full_week, yesterday

PERMISSION = "reports.view_reportrun"
STOCK_SALES_DAYS = 30  # inventory's sell-through and days of cover look at the last 30 days


def periods(frequency):
    sales = {"daily": yesterday, "weekly": last_full_week}[frequency]()
    return sales, Period(sales.last - dt.timedelta(days=STOCK_SALES_DAYS - 1), sales.last)


def scheduled_run(kind, period, frequency):
    run, _ = ReportRun.objects.get_or_create(
        kind=kind, date_from=period.first, date_to=period.last, schedule=frequency, requested_by=None,
        defaults={"granularity": ReportRun.Granularity.DAY},
    )
    if run.status == ReportRun.Status.FAILED:  # a beat retry gets another go at a failed build
        ReportRun.objects.filter(pk=run.pk).update(status=ReportRun.Status.QUEUED, error="")
    runs.execute(run.pk)
    run.refresh_from_db()
    return run


def recipients(frequency):
    """Active staff who opted in and still hold the reports permission (directly, by group or as superuser)."""
    app_label, codename = PERMISSION.split(".")
    permission = Permission.objects.get(content_type__app_label=app_label, codename=codename)
    allowed = Q(is_superuser=True) | Q(user_permissions=permission) | Q(groups__permissions=permission)
    return (get_user_model().objects.filter(allowed, is_active=True, is_staff=True,
                                            **{f"report_subscription__{frequency}": True})
            .distinct().order_by("pk"))


def summary_text(run):
    if run.status != ReportRun.Status.DONE:
        return f"{run}: could not be built ({run.error})."
    lines = [run.result["title"]] + [f"  {f['label']}: {'—' if f['value'] is None else f['value']}"
                                     for f in run.result["figures"]]
    return "\n".join(lines)


def send(frequency):
    sales_period, stock_period = periods(frequency)
    built = [scheduled_run("sales", sales_period, frequency), scheduled_run("inventory", stock_period, frequency)]
    attachments = [(f"{run.file_stem}.csv", to_csv(run.result), CSV_MIME)
                   for run in built if run.status == ReportRun.Status.DONE]
    subject = f"{frequency.capitalize()} sales and inventory report, {sales_period}"
    body = "\n\n".join(summary_text(run) for run in built) + "\n\nThe full reports are attached as CSV."
    sent = 0
    for user in recipients(frequency):
        queue_email(to=user.email, subject=subject, body=body, kind="report", attachments=attachments,
                    key=f"reports:{frequency}:{sales_period.first}:{user.pk}")
        sent += 1
    return sent
