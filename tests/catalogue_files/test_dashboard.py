"""The merchandiser's journey in the dashboard: upload, read the dry run, confirm, watch
the progress, read the result, download exports; and the doors closed to everyone else."""
import csv
import io

import pytest
from django.contrib.auth import get_user_model
from oscar.core.loading import get_model
from webtest import Upload

from catalogue_files.models import ImportJob

from .conftest import catalogue_state, csv_file

StockRecord = get_model("partner", "StockRecord")
pytestmark = pytest.mark.django_db

INDEX = "/shop/dashboard/catalogue-files/"
FILE = csv_file([["JAM-1", "9", "6.80"], ["NOPE", "1", ""]], header=["sku", "stock", "price"])


def upload(dashboard, committed, content=FILE, name="stock.csv", status=302):
    form = dashboard.get(INDEX).forms["catalogue_upload_form"]
    form["file"] = Upload(name, content)
    with committed():
        return form.submit(status=status)


def test_the_dashboard_menu_leads_to_catalogue_files(dashboard, shop):
    assert INDEX in dashboard.get("/shop/dashboard/").text


def test_upload_dry_run_confirm_progress_and_result(dashboard, shop, committed):
    before = catalogue_state()
    page = upload(dashboard, committed).follow()
    assert "Dry run: nothing has been written" in page.text
    assert catalogue_state() == before
    rows = page.html.select("#import_rows tr.import-row")
    assert [row["data-row"] for row in rows] == ["2", "3"]
    assert "6.50 → 6.80" in rows[0].get_text(" ", strip=True)
    assert "No product has SKU NOPE" in rows[1].get_text(" ", strip=True)

    job = ImportJob.objects.get()
    status = dashboard.get(f"{INDEX}imports/{job.pk}/status/").json
    assert status == {"status": "checked", "label": "Checked: nothing written yet", "processed": 2, "total": 2,
                      "progress": 100, "finished": True, "error": "", "detail": "2 of 2 rows"}

    with committed():
        confirmed = page.forms["confirm_import_form"].submit()
    result = confirmed.follow()
    assert "Imported." in result.text and "changed 1" in result.text and "refused 1" in result.text
    jam = StockRecord.objects.get(partner_sku="JAM-1")
    assert (str(jam.price), jam.num_in_stock) == ("6.80", 9)
    job.refresh_from_db()
    assert job.status == "applied" and job.confirmed_by.email == "merch@example.com"
    # a second confirmation imports nothing again
    assert dashboard.post(f"{INDEX}imports/{job.pk}/apply/", {"csrfmiddlewaretoken": dashboard.cookies["csrftoken"]},
                          status=302)


def test_the_page_of_a_job_still_working_polls_its_progress(dashboard, shop):
    job = ImportJob.objects.create(file_name="big.csv", file_format="csv", content=b"", status="applying",
                                   total=1000, processed=250)
    page = dashboard.get(f"{INDEX}imports/{job.pk}/")
    box = page.html.select_one("#import_progress")
    assert box["data-status-url"] == f"{INDEX}imports/{job.pk}/status/"
    assert "25%" in box.get_text()
    assert "js/progress.js" in page.text and "<script>" not in page.text  # the CSP allows no inline script
    assert dashboard.get(box["data-status-url"]).json["progress"] == 25


def test_a_bad_file_in_the_dashboard_is_a_clear_message_not_an_error(dashboard, shop, committed):
    page = upload(dashboard, committed, "sku,stock\nCAFÉ,1\n".encode("latin-1")).follow()
    assert page.status_code == 200
    assert "This file is refused." in page.text and "not UTF-8" in page.text


def test_a_100_mb_upload_is_refused_without_a_job(dashboard, shop, committed):
    page = upload(dashboard, committed, b"sku,stock\n" + b"A" * (100 * 1024 * 1024), status=400)
    assert "the limit is 20.0" in page.text
    assert not ImportJob.objects.exists()


def test_a_file_that_is_not_csv_or_xlsx_is_refused(dashboard, shop, committed):
    page = upload(dashboard, committed, b"hello", name="notes.txt", status=400)
    assert "not a .csv or .xlsx file" in page.text


def test_exports_download_as_files(dashboard, shop):
    response = dashboard.get(f"{INDEX}export/stock.csv")
    assert response.headers["Content-Disposition"] == 'attachment; filename="stock.csv"'
    rows = list(csv.reader(io.StringIO(response.body.decode("utf-8-sig"))))
    assert rows[0] == ["sku", "stock", "price"] and ["JAM-1", "20", "6.50"] in rows
    xlsx = dashboard.get(f"{INDEX}export/full.xlsx")
    assert xlsx.body[:2] == b"PK"
    dashboard.get(f"{INDEX}export/full.pdf", status=404)


def test_customers_and_signed_out_visitors_are_kept_out(client, shop, password):
    customer = get_user_model().objects.create_user(email="ada@example.com", password=password)
    job = ImportJob.objects.create(file_name="x.csv", file_format="csv", content=b"", status="checked")
    paths = [INDEX, f"{INDEX}imports/{job.pk}/", f"{INDEX}imports/{job.pk}/status/", f"{INDEX}export/full.csv"]
    for path in paths:
        assert client.get(path).status_code == 302  # to the sign-in page
    client.force_login(customer)
    for path in paths:
        assert client.get(path).status_code in (302, 403)
    assert client.post(f"{INDEX}imports/{job.pk}/apply/").status_code in (302, 403)
    assert client.post(INDEX, {"file": io.BytesIO(FILE)}).status_code in (302, 403)
    job.refresh_from_db()
    assert job.status == "checked" and ImportJob.objects.count() == 1


def test_staff_without_catalogue_permissions_are_refused(client, shop, password):
    staff = get_user_model().objects.create_user(email="desk@example.com", password=password)
    staff.is_staff = True
    staff.save()
    client.force_login(staff)
    assert client.get(INDEX).status_code == 403


def test_an_xlsx_upload_is_checked_and_imported_like_a_csv(dashboard, shop, committed):
    from .conftest import xlsx_file

    page = upload(dashboard, committed, xlsx_file([["TOWEL-BLUE", 2, 13.5]], header=["sku", "stock", "price"]),
                  name="stock.xlsx").follow()
    assert "12.50 → 13.50" in page.html.select_one("tr[data-row='2']").get_text(" ", strip=True)
    with committed():
        page.forms["confirm_import_form"].submit()
    blue = StockRecord.objects.get(partner_sku="TOWEL-BLUE")
    assert (str(blue.price), blue.num_in_stock) == ("13.50", 2)


def test_with_the_broker_down_the_upload_answers_and_the_job_says_to_try_again(dashboard, shop, committed):
    from tests.emails.workers import celery_app, use_broker

    saved = celery_app.conf.broker_url, celery_app.conf.task_always_eager
    form = dashboard.get(INDEX).forms["catalogue_upload_form"]
    form["file"] = Upload("stock.csv", FILE)
    use_broker("redis://127.0.0.1:1/0")  # nothing listens there
    try:
        with committed():
            response = form.submit()
    finally:
        use_broker(*saved)
    assert response.status_code == 302
    page = response.follow()
    assert "background worker could not be reached" in page.text and "nothing was written" in page.text
    assert ImportJob.objects.get().status == "failed"
