"""Content attribution: items and revenue by content page, block type, author, tag and promotion.

Each order line a content page led to is credited to its last touch (attribution/placing.py);
the page table shows first-touch revenue beside it. Cancelled orders are left out and
refunds are taken off the goods they refunded, shared among the order's lines by value
(the full rule: attribution/figures.py). Net = revenue − refunds. Orders count in the
period they were placed in, as in the sales report. An author is the page's owner in
Wagtail; a blog post with several tags counts under each. Marketing email sends are a source
too: the lines bought after a click on a send's email (email_tracking/), in their own table,
not in the content totals.
"""
from django.conf import settings
from django.db.models import Q

from attribution import figures as sold

from ..periods import Period
from .common import money
from .result import chart, col, document, figure, table

DELETED = "A deleted page"
NONE = {"owner": "(no owner)", "block": "(none)"}


def measures(row):
    return [row["items"], money(row["revenue"]), money(row["refunds"]), money(row["revenue"] - row["refunds"])]


MEASURE_COLS = [col("items", "Items", "int"), col("revenue", "Revenue", "money"), col("refunds", "Refunds", "money"),
                col("net", "Net revenue", "money")]


def page_rows(lines):
    first = {r["first_page_id"]: r["revenue"] for r in sold.sums_by(lines, "first_page_id")}
    return [[r["last_page__title"] or DELETED, r["last_page__url_path"] or "", *measures(r),
             money(first.get(r["last_page_id"], 0) if r["last_page_id"] else 0)]
            for r in sold.sums_by(lines, "last_page_id", "last_page__title", "last_page__url_path")]


def grouped_rows(lines, key, blank):
    return [[r[key] or blank, *measures(r)] for r in sold.sums_by(lines.exclude(**{f"{key}__isnull": True}), key)]


def build(run, progress):
    period = Period(run.date_from, run.date_to)
    progress(10, "Sales by page")
    lines = sold.attributed_lines(period)
    all_of = sold.totals(lines)
    rows = {"by_page": page_rows(lines)}
    progress(40, "Sales by block, author, tag and promotion")
    rows["by_block"] = grouped_rows(lines, "last_block_type", NONE["block"])
    rows["by_author"] = [[r["last_page__owner__email"] or NONE["owner"], *measures(r)]
                         for r in sold.sums_by(lines, "last_page__owner__email")]
    rows["by_tag"] = grouped_rows(lines, "last_page__blogpage__tags__name", "")
    rows["by_promotion"] = grouped_rows(lines, "last_page__promotionpage__title", "")
    emailed = sold.email_lines(~Q(email_key=""), settings.EMAIL_ATTRIBUTION_DAYS, period)
    rows["by_email_send"] = [[r["send"], *measures(r)] for r in sold.sums_by_send(emailed)]
    figures = [
        figure("items", "Items sold from content", "int", all_of["items"] or 0),
        figure("revenue", "Revenue from content", "money", money(all_of["revenue"])),
        figure("refunds", "Refunds", "money", money(all_of["refunds"])),
        figure("net_revenue", "Net revenue", "money", money(all_of["revenue"] - all_of["refunds"])),
    ]
    tables = [
        table("by_page", "Sales by page (last touch)", [col("page", "Page"), col("path", "Path"), *MEASURE_COLS,
                                                        col("first_touch", "Revenue as first touch", "money")],
              rows["by_page"], note="Revenue as first touch: of the lines whose first touch was this page."),
        table("by_block", "Sales by block type", [col("block", "Block type"), *MEASURE_COLS], rows["by_block"]),
        table("by_author", "Sales by author (page owner)", [col("author", "Author"), *MEASURE_COLS],
              rows["by_author"]),
        table("by_tag", "Sales by blog tag", [col("tag", "Tag"), *MEASURE_COLS], rows["by_tag"],
              note="A post with several tags counts under each."),
        table("by_promotion", "Sales from promotion pages", [col("promotion", "Promotion"), *MEASURE_COLS],
              rows["by_promotion"]),
        table("by_email_send", "Sales from marketing email, by send", [col("send", "Send"), *MEASURE_COLS],
              rows["by_email_send"], note="Lines bought after a click on one of the send's emails, within "
                                          f"{settings.EMAIL_ATTRIBUTION_DAYS} days of the click."),
    ]
    charts = [chart("bar", "Net revenue by page", "by_page", "page", ["net"])]
    notes = ["Each line counts for the last content page it was added from (within the attribution window).",
             "Cancelled orders are left out; refunds come off the goods, shared among an order's lines by value."]
    progress(95, "Saving")
    return document(f"Content attribution, {period}", period, figures, tables, charts, notes)
