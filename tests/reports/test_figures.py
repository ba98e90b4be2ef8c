"""Each report built from a small shop history whose figures were worked out by hand.

The shop's time zone is America/New_York (UTC−5 in January). The report covers
Saturday 10 and Sunday 11 January 2026; the orders sit either side of local midnight,
one is cancelled, one has a $2.00 voucher discount and one a $4.50 partial refund.

    order  placed (UTC)        local day  customer           lines                     total   notes
    O0     2025-12-15 17:00    15 Dec     ada (account)      Jam×1 6.50                 6.50
    O1     2026-01-10 04:30    9 Jan      ada                Honey×1 9.00 + ship 5.00  14.00   UTC says 10th
    O2     2026-01-10 05:30    10 Jan     ada                Jam×2 13.00, Honey×1 9.00 27.00   + ship 5.00
    O3     2026-01-11 04:59    10 Jan     Bob@Example.com    Mug×1 12.00 − 2.00         10.00   voucher
    O4     2026-01-11 15:00    11 Jan     carol (account)    Jam×3 19.50 + ship 5.00   24.50   refund 4.50
    O5     2026-01-11 16:00    11 Jan     dave (guest)       Honey×1 9.00                9.00   Cancelled
    O6     2026-01-12 05:00    12 Jan     ada                Jam×1 6.50                  6.50   after the period
"""
import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from openpyxl import load_workbook
from oscar.apps.catalogue.categories import create_from_breadcrumbs
from oscar.core.loading import get_model

from reports import exports
from reports.models import ReportRun
from reports.runs import execute
from tests.factories import make_product, record_order

Basket = get_model("basket", "Basket")
ProductRecord = get_model("analytics", "ProductRecord")
SearchQuery = get_model("search", "SearchQuery")

pytestmark = pytest.mark.django_db
UTC = dt.UTC


def utc(*args):
    return dt.datetime(*args, tzinfo=UTC)


def set_stock(product, in_stock, allocated, threshold, cost):
    stock = product.stockrecords.get()
    stock.num_in_stock, stock.num_allocated, stock.low_stock_threshold = in_stock, allocated, threshold
    stock.cost_price = Decimal(cost) if cost else None
    stock.save()


def build_history():
    User = get_user_model()
    ada = User.objects.create_user(email="ada@example.com", password="x-long-password")
    carol = User.objects.create_user(email="carol@example.com", password="x-long-password")
    preserves, homewares = create_from_breadcrumbs("Pantry > Preserves"), create_from_breadcrumbs("Homewares")
    jam = make_product("Damson jam", "6.50", category=preserves)
    honey = make_product("Heather honey", "9.00", category=preserves)
    mug = make_product("Stoneware mug", "12.00", category=homewares)
    mug.categories.add(create_from_breadcrumbs("Gifts"))  # counts in both of its categories
    towel = make_product("Linen tea towel", "8.00", category=homewares)
    set_stock(jam, 20, 2, 5, "3.00")
    set_stock(honey, 4, 1, 5, "5.00")
    set_stock(mug, 3, 3, 2, "7.50")
    set_stock(towel, 10, None, None, None)

    record_order("O0", utc(2025, 12, 15, 17), [(jam, 1, "6.50")], user=ada)
    record_order("O1", utc(2026, 1, 10, 4, 30), [(honey, 1, "9.00")], user=ada, shipping="5.00")
    o2, _ = record_order("O2", utc(2026, 1, 10, 5, 30), [(jam, 2, "13.00"), (honey, 1, "9.00")], user=ada,
                         shipping="5.00")
    record_order("O3", utc(2026, 1, 11, 4, 59), [(mug, 1, "12.00")], guest="Bob@Example.com", discount="2.00")
    record_order("O4", utc(2026, 1, 11, 15), [(jam, 3, "19.50")], user=carol, shipping="5.00", refund="4.50")
    record_order("O5", utc(2026, 1, 11, 16), [(honey, 1, "9.00")], guest="dave@example.com", status="Cancelled")
    record_order("O6", utc(2026, 1, 12, 5), [(jam, 1, "6.50")], user=ada)

    in_period = utc(2026, 1, 10, 18)
    abandoned = Basket.objects.create(owner=carol)
    abandoned.lines.create(product=honey, stockrecord=honey.stockrecords.get(), quantity=2,
                           price_incl_tax=Decimal("9.00"), price_excl_tax=Decimal("9.00"), line_reference="h")
    submitted = Basket.objects.create(owner=ada, status=Basket.SUBMITTED)
    empty = Basket.objects.create()
    old = Basket.objects.create()
    old.lines.create(product=jam, stockrecord=jam.stockrecords.get(), quantity=1,
                     price_incl_tax=Decimal("6.50"), price_excl_tax=Decimal("6.50"), line_reference="j")
    Basket.objects.filter(pk__in=[abandoned.pk, submitted.pk, empty.pk]).update(date_created=in_period)
    Basket.objects.filter(pk=old.pk).update(date_created=utc(2026, 1, 2, 12))
    o2.basket = submitted
    o2.save()

    ProductRecord.objects.create(product=jam, num_views=100, num_basket_additions=20, num_purchases=5)
    ProductRecord.objects.create(product=honey, num_views=50, num_basket_additions=5, num_purchases=1)

    searches = [("jam", 2, "search", in_period)] * 3 + [("Saffron", 0, "search", in_period)] * 2 + [
        ("ja", 4, "autocomplete", in_period), ("tea", 1, "search", utc(2026, 1, 3, 12))]
    for text, results, kind, when in searches:
        query = SearchQuery.objects.create(query=text, normalized=SearchQuery.normalize(text), results_count=results,
                                           kind=kind)
        SearchQuery.objects.filter(pk=query.pk).update(created_at=when)


def built(kind, granularity="day", first=dt.date(2026, 1, 10), last=dt.date(2026, 1, 11)):
    run = ReportRun.objects.create(kind=kind, date_from=first, date_to=last, granularity=granularity)
    assert execute(run.pk) == ReportRun.Status.DONE, ReportRun.objects.get(pk=run.pk).error
    run.refresh_from_db()
    return run


def figures(run):
    return {f["key"]: (f["value"], f["previous"]) for f in run.result["figures"]}


def rows(run, key):
    return next(t for t in run.result["tables"] if t["key"] == key)["rows"]


@pytest.fixture
def history(settings):
    settings.TIME_ZONE = "America/New_York"
    build_history()


def test_sales_totals_leave_out_cancellations_count_refunds_and_compare_with_the_days_before(history):
    run = built("sales")
    assert figures(run) == {
        "revenue": ("61.50", "14.00"), "orders": (3, 1), "units": (7, 1), "aov": ("20.50", "14.00"),
        "discounts": ("2.00", "0.00"), "refunds": ("4.50", "0.00"), "net_revenue": ("57.00", "14.00"),
        "revenue_change": ("339.3", None), "net_sales": ("61.50", "14.00"), "tax": ("0.00", "0.00"),
    }


def test_sales_by_day_are_cut_at_local_midnight(history):
    run = built("sales")
    assert rows(run, "over_time") == [
        ["2026-01-10", 2, 4, "37.00", "2.00", "0.00", "37.00", "18.50", "37.00", "0.00"],
        ["2026-01-11", 1, 3, "24.50", "0.00", "4.50", "20.00", "24.50", "24.50", "0.00"],
    ]


def test_sales_by_week_start_on_monday(history):
    run = built("sales", granularity="week")
    assert rows(run, "over_time") == [["2026-01-05", 3, 7, "61.50", "2.00", "4.50", "57.00", "20.50", "61.50", "0.00"]]


def test_sales_by_category_and_product_with_top_and_bottom_sellers(history):
    run = built("sales")
    assert rows(run, "by_category") == [["Preserves", 2, 6, "41.50"], ["Gifts", 1, 1, "10.00"],
                                        ["Homewares", 1, 1, "10.00"]]
    assert rows(run, "top_sellers") == [["Damson jam", 2, 5, "32.50"], ["Stoneware mug", 1, 1, "10.00"],
                                        ["Heather honey", 1, 1, "9.00"]]
    assert rows(run, "bottom_sellers") == [["Linen tea towel", 0, "0.00"], ["Heather honey", 1, "9.00"],
                                           ["Stoneware mug", 1, "10.00"], ["Damson jam", 5, "32.50"]]


def test_inventory_levels_values_sell_through_and_cover(history):
    run = built("inventory")
    assert {k: v for k, (v, _) in figures(run).items()} == {
        "records": 4, "on_hand": 37, "allocated": 6, "available": 31, "low": 1, "out": 1,
        "value_cost": "102.50", "value_price": "282.00", "sold": 7, "sell_through": "15.9",
    }
    assert rows(run, "by_status") == [["Out of stock", 1, 0, "22.50"], ["Low stock", 1, 3, "20.00"],
                                      ["In stock", 2, 28, "60.00"]]
    assert [row[:1] + row[2:] for row in rows(run, "stock")] == [
        ["Stoneware mug", 3, 3, 0, 2, "Out of stock", 1, "25.0", "0.0", "7.50", "12.00", "22.50", "36.00"],
        ["Heather honey", 4, 1, 3, 5, "Low stock", 1, "20.0", "6.0", "5.00", "9.00", "20.00", "36.00"],
        ["Linen tea towel", 10, 0, 10, None, "In stock", 0, "0.0", None, None, "8.00", None, "80.00"],
        ["Damson jam", 20, 2, 18, 5, "In stock", 5, "20.0", "7.2", "3.00", "6.50", "60.00", "130.00"],
    ]


def test_customer_behaviour_new_returning_repeat_and_lifetime_value(history):
    run = built("customers")
    values = {k: v for k, (v, _) in figures(run).items()}
    assert values == {"customers": 3, "new": 2, "returning": 1, "repeat_rate": "33.3", "abandoned": 1,
                      "abandonment_rate": "50.0", "abandoned_value": "18.00", "searches": 5, "zero_rate": "40.0"}
    assert rows(run, "segments") == [["New", 2, 2, "34.50"], ["Returning", 1, 1, "27.00"]]
    assert rows(run, "top_customers") == [["ada@example.com", 3, "47.50", "2025-12-15", "2026-01-10"],
                                          ["carol@example.com", 1, "20.00", "2026-01-11", "2026-01-11"],
                                          ["bob@example.com", 1, "10.00", "2026-01-10", "2026-01-10"]]


def test_customer_cohorts_funnel_and_searches(history):
    run = built("customers")
    assert rows(run, "cohorts") == [["2025-12", 1, 1] + [None] * 10, ["2026-01", 2] + [None] * 11]
    assert rows(run, "funnel") == [["Product views", 150, None], ["Basket additions", 25, "16.7"],
                                   ["Purchases", 6, "4.0"]]
    assert rows(run, "funnel_products") == [["Damson jam", 100, 20, 5, "20.0", "5.0"],
                                            ["Heather honey", 50, 5, 1, "10.0", "2.0"]]
    assert rows(run, "search_terms") == [["jam", 3, 0], ["saffron", 2, 2]]
    assert rows(run, "zero_results") == [["saffron", 2]]


def test_sales_csv_holds_the_same_figures(history):
    content, mimetype, name = exports.export(built("sales"), "csv")
    assert mimetype == "text/csv" and name.endswith(".csv")
    lines = list(csv.reader(io.StringIO(content.decode())))
    assert lines[0] == ["Sales, 10 Jan 2026 – 11 Jan 2026"]
    assert ["Revenue", "61.50", "14.00"] in lines and ["Net revenue", "57.00", "14.00"] in lines
    assert ["Revenue vs previous period", "339.3", ""] in lines
    day_header = lines.index(["Period starting", "Orders", "Units", "Revenue", "Discounts", "Refunds", "Net revenue",
                              "Average order value", "Net sales (before tax)", "Tax"])
    assert lines[day_header + 1: day_header + 3] == [
        ["2026-01-10", "2", "4", "37.00", "2.00", "0.00", "37.00", "18.50", "37.00", "0.00"],
        ["2026-01-11", "1", "3", "24.50", "0.00", "4.50", "20.00", "24.50", "24.50", "0.00"]]
    assert ["Preserves", "2", "6", "41.50"] in lines


def test_inventory_xlsx_has_a_sheet_per_table_with_numbers_as_numbers(history):
    content, mimetype, name = exports.export(built("inventory"), "xlsx")
    assert name.endswith(".xlsx") and "spreadsheetml" in mimetype
    book = load_workbook(io.BytesIO(content))
    assert book.sheetnames == ["Summary", "Stock status", "Stock per product"]
    summary = {row[0]: row[1] for row in book["Summary"].iter_rows(min_row=2, values_only=True)}
    assert summary["Stock value at cost"] == 102.5 and summary["Stock value at price"] == 282
    assert summary["Units available"] == 31
    stock = list(book["Stock per product"].iter_rows(values_only=True))
    assert stock[0][:3] == ("Product", "SKU", "On hand")
    mug = stock[1]
    assert mug[0] == "Stoneware mug" and mug[2:8] == (3, 3, 0, 2, "Out of stock", 1)
    assert mug[12:] == (22.5, 36)
    assert book["Stock per product"].cell(row=2, column=13).number_format == "#,##0.00"
