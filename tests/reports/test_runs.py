"""Requesting, building, viewing and downloading report runs in the dashboard; who may
do what; and the scheduled emails. Builds go through the Celery task (eager here)."""
import csv
import datetime as dt
import io

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core import mail
from openpyxl import load_workbook

from commerce.accounts.roles import make_merchandiser
from outbox.models import OutgoingEmail
from reports.models import ReportRun, ReportSubscription
from reports.periods import shop_today
from reports.tasks import build_report, drain_report_runs, send_scheduled_reports
from tests.emails.workers import celery_app, use_broker
from tests.factories import local_noon, make_product, record_order

pytestmark = pytest.mark.django_db

INDEX = "/shop/dashboard/insights/"


def run_url(run, suffix=""):
    return f"{INDEX}runs/{run.pk}/{suffix}"


def staff(email, *codenames):
    user = get_user_model().objects.create_user(email=email, password="x-long-password")
    user.is_staff = True
    user.save()
    user.user_permissions.add(*Permission.objects.filter(content_type__app_label="reports", codename__in=codenames))
    return user


@pytest.fixture
def sale_yesterday(db, category):
    jam = make_product("Damson jam", "6.50", stock=30, category=category)
    yesterday = shop_today() - dt.timedelta(days=1)
    record_order("Y1", local_noon(yesterday), [(jam, 4, "26.00")], guest="guest@example.com", shipping="4.00")
    return yesterday


def test_merchandiser_sees_reports_in_the_dashboard_menu(dashboard):
    page = dashboard.get("/shop/dashboard/")
    assert INDEX in page.text and "Sales, stock &amp; customers" in page.text


def test_a_requested_report_is_queued_built_by_the_task_and_shown_with_charts(
        dashboard, merchandiser, sale_yesterday, django_capture_on_commit_callbacks):
    form = dashboard.get(INDEX).forms["request_report_form"]
    form["kind"] = "sales"
    form["date_from"] = (sale_yesterday - dt.timedelta(days=6)).isoformat()
    form["date_to"] = sale_yesterday.isoformat()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = form.submit()
    assert len(callbacks) == 1  # the build was enqueued only once the request's transaction committed
    run = ReportRun.objects.get()
    assert response.location.endswith(run_url(run))
    assert (run.status, run.progress, run.requested_by, run.kind) == ("done", 100, merchandiser, "sales")
    assert run.started_at <= run.finished_at
    page = response.follow()
    assert 'data-key="revenue"' in page.text and "$30.00" in page.text
    assert page.text.count("<svg") == 2 and "Revenue by category" in page.text
    assert page.html.select_one("table[data-table=by_category] td").text == "Preserves"
    listing = dashboard.get(INDEX)
    assert listing.html.select_one("#report_runs td a").text == "Sales"
    assert run_url(run, "report.xlsx") in listing.text


def test_a_run_waiting_for_a_worker_shows_progress_and_cannot_be_downloaded_yet(dashboard, merchandiser):
    run = ReportRun.objects.create(kind="inventory", date_from=dt.date(2026, 1, 1), date_to=dt.date(2026, 1, 31),
                                   requested_by=merchandiser)
    page = dashboard.get(run_url(run))
    assert "report_progress" in page.text and "waiting for a worker" in page.text and "progress.js" in page.text
    assert dashboard.get(run_url(run, "status/")).json == {
        "status": "queued", "progress": 0, "step": "", "finished": False, "error": "", "label": "Queued",
        "detail": "waiting for a worker"}
    response = dashboard.get(run_url(run, "report.csv"), expect_errors=True)
    assert response.status_code == 409 and "not finished" in response.text
    build_report.delay(run.pk)
    assert dashboard.get(run_url(run, "status/")).json["status"] == "done"


def test_with_the_broker_down_a_requested_report_waits_and_is_built_once_the_broker_is_back(
        dashboard, merchandiser, settings, committed):

    saved = celery_app.conf.broker_url, celery_app.conf.task_always_eager
    form = dashboard.get(INDEX).forms["request_report_form"]
    form["kind"], form["date_from"], form["date_to"] = "inventory", "2026-01-01", "2026-01-31"
    use_broker("redis://127.0.0.1:1/0")  # nothing listens there
    try:
        with committed():  # the request commits, and its build is handed to the broker then
            response = form.submit()
    finally:
        use_broker(*saved)
    run = ReportRun.objects.get()
    assert response.status_code == 302 and response.location.endswith(run_url(run))
    page = response.follow()
    assert run.status == "queued" and "waiting for a worker" in page.text

    assert drain_report_runs() == 0  # not waiting long yet: its message may still be on its way
    settings.REPORTS_STUCK_AFTER_SECONDS = 0
    assert drain_report_runs() == 1  # beat, once the broker is back (eager here: built at once)
    assert dashboard.get(run_url(run, "status/")).json["status"] == "done"
    assert drain_report_runs() == 0


def test_a_failing_build_is_recorded_and_shown_as_an_error_not_a_500(dashboard, merchandiser):
    run = ReportRun.objects.create(kind="retired-report", date_from=dt.date(2026, 1, 1),
                                   date_to=dt.date(2026, 1, 2), requested_by=merchandiser)
    assert build_report.delay(run.pk).get() == "failed"
    run.refresh_from_db()
    assert run.status == "failed" and "KeyError" in run.error and run.finished_at
    page = dashboard.get(run_url(run))
    assert page.status_code == 200 and "could not be built" in page.html.select_one("#report_error").text
    assert build_report.delay(run.pk).get() == "failed"  # a redelivered task leaves a finished run alone


@pytest.mark.parametrize("date_from, date_to, message", [
    ("2026-02-10", "2026-02-01", "The end date is before the start date."),
    ("2020-01-01", "2026-01-01", "Choose at most 1098 days."),
    ("10/02/2026x", "2026-02-01", "Enter a valid date."),
])
def test_bad_report_requests_get_a_400_with_the_reason_and_queue_nothing(dashboard, date_from, date_to, message):
    form = dashboard.get(INDEX).forms["request_report_form"]
    form["date_from"], form["date_to"] = date_from, date_to
    response = form.submit(expect_errors=True)
    assert response.status_code == 400 and message in response.text
    assert not ReportRun.objects.exists()


def test_downloads_are_csv_and_xlsx_of_the_same_figures(dashboard, merchandiser, sale_yesterday):
    run = ReportRun.objects.create(kind="sales", date_from=sale_yesterday, date_to=sale_yesterday,
                                   requested_by=merchandiser)
    build_report.delay(run.pk)
    response = dashboard.get(run_url(run, "report.csv"))
    assert response.content_type == "text/csv"
    assert response.headers["Content-Disposition"] == f'attachment; filename="{ReportRun.objects.get().file_stem}.csv"'
    lines = list(csv.reader(io.StringIO(response.text)))
    assert ["Revenue", "30.00", "0.00"] in lines and ["Units sold", "4", "0"] in lines
    book = load_workbook(io.BytesIO(dashboard.get(run_url(run, "report.xlsx")).body))
    summary = {row[0]: row[1] for row in book["Summary"].iter_rows(min_row=2, values_only=True)}
    assert summary["Revenue"] == 30 and summary["Average order value"] == 30 and summary["Orders"] == 1
    assert dashboard.get(run_url(run, "report.pdf"), expect_errors=True).status_code == 404


def test_only_staff_with_the_reports_permission_get_in(django_app, shopper):
    assert "login" in django_app.get(INDEX).location
    django_app.set_user(shopper)
    assert django_app.get(INDEX, expect_errors=True).status_code == 403
    django_app.set_user(staff("stock@example.com"))
    assert django_app.get(INDEX, expect_errors=True).status_code == 403
    assert "Sales, stock &amp; customers" not in django_app.get("/shop/dashboard/").text


def test_staff_who_may_only_view_cannot_request_and_see_only_their_own_and_scheduled_runs(django_app, merchandiser):
    viewer = staff("viewer@example.com", "view_reportrun")
    days = {"date_from": dt.date(2026, 1, 1), "date_to": dt.date(2026, 1, 1)}
    theirs = ReportRun.objects.create(kind="sales", requested_by=merchandiser, **days)
    scheduled = ReportRun.objects.create(kind="sales", schedule="daily", **days)
    own = ReportRun.objects.create(kind="sales", requested_by=viewer, **days)
    for run in (theirs, scheduled, own):
        build_report.delay(run.pk)
    django_app.set_user(viewer)
    page = django_app.get(INDEX)
    assert "request_report_form" not in page.forms
    assert {a["href"] for a in page.html.select("#report_runs td:first-child a")} == {run_url(own), run_url(scheduled)}
    token = page.forms["report_subscription_form"]["csrfmiddlewaretoken"].value
    response = django_app.post(INDEX, {"kind": "sales", "date_from": "2026-01-01", "date_to": "2026-01-02",
                                       "granularity": "day", "csrfmiddlewaretoken": token}, expect_errors=True)
    assert response.status_code == 403 and ReportRun.objects.count() == 3
    for suffix in ("", "status/", "report.csv", "report.xlsx"):
        assert django_app.get(run_url(theirs, suffix), expect_errors=True).status_code == 404
        assert django_app.get(run_url(own, suffix)).status_code == 200
        assert django_app.get(run_url(scheduled, suffix)).status_code == 200


def test_merchandisers_share_each_others_runs(django_app, merchandiser):
    colleague = make_merchandiser(get_user_model().objects.create_user(email="m2@example.com", password="x-long-pw1"))
    run = ReportRun.objects.create(kind="customers", requested_by=colleague, date_from=dt.date(2026, 1, 1),
                                   date_to=dt.date(2026, 1, 31))
    build_report.delay(run.pk)
    django_app.set_user(merchandiser)
    assert django_app.get(run_url(run, "report.csv")).status_code == 200


def test_daily_report_email_goes_to_staff_who_opted_in_with_csv_attached(
        dashboard, merchandiser, sale_yesterday, django_capture_on_commit_callbacks):
    form = dashboard.get(INDEX).forms["report_subscription_form"]
    form["daily"] = True
    form.submit().follow()
    assert ReportSubscription.objects.get(user=merchandiser).daily
    make_merchandiser(get_user_model().objects.create_user(email="not-opted@example.com", password="x-long-pw1"))
    former = staff("former@example.com")  # opted in once, has since lost the reports permission
    ReportSubscription.objects.create(user=former, daily=True)

    with django_capture_on_commit_callbacks(execute=True):
        assert send_scheduled_reports.delay("daily").get() == 1
    with django_capture_on_commit_callbacks(execute=True):
        send_scheduled_reports.delay("daily").get()  # beat firing twice sends nothing more

    assert [m.to for m in mail.outbox] == [["merch@example.com"]]
    message = mail.outbox[0]
    assert message.subject.startswith("Daily sales and inventory report")
    assert "Revenue: 30.00" in message.body
    names = [name for name, _, _ in message.attachments]
    assert names[0].startswith(f"sales-{sale_yesterday:%Y%m%d}-{sale_yesterday:%Y%m%d}")
    assert names[1].startswith("inventory-")
    sales_csv = message.attachments[0][1]
    sales_csv = sales_csv.decode() if isinstance(sales_csv, bytes) else sales_csv
    assert ["Revenue", "30.00", "0.00"] in list(csv.reader(io.StringIO(sales_csv)))
    assert message.attachments[0][2] == "text/csv"
    assert OutgoingEmail.objects.get().kind == "report"
    assert set(ReportRun.objects.values_list("kind", "schedule", "status")) == {
        ("sales", "daily", "done"), ("inventory", "daily", "done")}
    assert ReportRun.objects.get(kind="inventory").result["figures"][1]["value"] == 30  # units on hand


def test_beat_schedules_the_daily_and_weekly_reports():
    from config.celery_app import app

    schedule = app.conf.beat_schedule
    assert schedule["reports-daily"]["args"] == ("daily",) and schedule["reports-weekly"]["args"] == ("weekly",)
    assert schedule["reports-daily"]["task"] == send_scheduled_reports.name == "reports.tasks.send_scheduled_reports"
    assert schedule["drain-report-runs"]["task"] == drain_report_runs.name
