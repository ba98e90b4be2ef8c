"""Sales: revenue, orders, units, average order value, discounts, refunds and net revenue
over time, by category and by product, with top and bottom sellers and the previous period.

Revenue is what customers were charged (order totals after discounts, shipping and tax
included); it splits into net sales and the tax collected (the orders' tax lines).
Product and category revenue is the line value after discounts (no shipping, no tax).
"""
from django.db.models import Count, Max, Sum, Value
from django.db.models.functions import Coalesce
from oscar.core.loading import get_model

from ..periods import Period
from .common import CANCELLED, bucket, counted_orders, money, ratio
from .result import chart, col, document, figure, table

Line = get_model("order", "Line")
OrderDiscount = get_model("order", "OrderDiscount")
Product = get_model("catalogue", "Product")
Source = get_model("payment", "Source")

TOP = 10
EMPTY = {"orders": 0, "revenue": 0, "net": 0, "discounts": 0, "refunds": 0, "units": 0}


def counted(model, period, prefix="order__"):
    """Rows of `model` that belong to orders counted in the period."""
    return model._default_manager.filter(**{f"{prefix}date_placed__gte": period.start,
                                            f"{prefix}date_placed__lt": period.end}).exclude(
        **{f"{prefix}status": CANCELLED})


def sums_by_bucket(period, granularity):
    """{bucket: {orders, revenue, discounts, refunds, units}}, one grouped query per source table.

    Grouping each table on its own (joined only to its order) keeps every sum exact: joining
    lines, discounts and payments in one query would repeat an order's total per line.
    """
    def grouped(queryset, field, **measures):
        return {r["bucket"]: r for r in queryset.annotate(bucket=bucket(field, granularity))
                .values("bucket").annotate(**measures).order_by()}

    parts = [
        grouped(counted_orders(period), "date_placed", orders=Count("pk"), revenue=Sum("total_incl_tax"),
                net=Sum("total_excl_tax")),
        grouped(counted(OrderDiscount, period), "order__date_placed", discounts=Sum("amount")),
        grouped(counted(Source, period), "order__date_placed", refunds=Sum("amount_refunded")),
        grouped(counted(Line, period), "order__date_placed", units=Sum("quantity")),
    ]
    keys = set().union(*parts)
    return {key: {**EMPTY, **{k: v for part in parts for k, v in part.get(key, {}).items() if k != "bucket"}}
            for key in keys}


def derived(row):
    """Net revenue and average order value from one row of sums (Decimal, to the cent)."""
    row["net_revenue"] = row["revenue"] - row["refunds"]
    row["net_sales"] = row["net"]
    row["tax"] = row["revenue"] - row["net"]
    row["aov"] = row["revenue"] / row["orders"] if row["orders"] else 0
    return row


def totals(period, buckets=None):
    """The period's sums: its buckets added up (given, or grouped by year when not)."""
    rows = (buckets if buckets is not None else sums_by_bucket(period, "year")).values()
    return derived({key: sum((row[key] for row in rows), start=0) for key in EMPTY})


def over_time(period, granularity, buckets):
    for start in period.buckets(granularity):
        row = derived(dict(buckets.get(start, EMPTY)))
        yield [start.isoformat(), row["orders"], row["units"], money(row["revenue"]), money(row["discounts"]),
               money(row["refunds"]), money(row["net_revenue"]), money(row["aov"]), money(row["net_sales"]),
               money(row["tax"])]


def by_category(period):
    """Each category gets the sales of its products (a variant's come through its parent)."""
    name = Coalesce("product__categories__name", "product__parent__categories__name", Value("Uncategorised"))
    rows = (counted(Line, period).annotate(category=name).values("category")
            .annotate(units=Sum("quantity"), revenue=Sum("line_price_incl_tax"), orders=Count("order", distinct=True))
            .order_by("-revenue", "category"))
    return [[r["category"], r["orders"], r["units"], money(r["revenue"])] for r in rows]


def by_product(period):
    return list(counted(Line, period).values("product_id")
                .annotate(title=Max("title"), units=Sum("quantity"), revenue=Sum("line_price_incl_tax"),
                          orders=Count("order", distinct=True))
                .order_by("-revenue", "-units", "title"))


def bottom_sellers(sold):
    """Products on sale that sold least: unsold ones first (by title), then the slowest sellers."""
    unsold = (Product._default_manager.exclude(structure=Product.PARENT)
              .exclude(pk__in=[r["product_id"] for r in sold if r["product_id"]])
              .order_by("title").values_list("title", flat=True)[:TOP])
    slowest = sorted(sold, key=lambda r: (r["units"], r["revenue"], r["title"]))  # already-aggregated rows
    return ([[title, 0, money(0)] for title in unsold]
            + [[r["title"], r["units"], money(r["revenue"])] for r in slowest])[:TOP]


def product_row(r):
    return [r["title"], r["orders"], r["units"], money(r["revenue"])]


FIGURES = [("revenue", "Revenue", "money"), ("net_sales", "Net sales (before tax)", "money"),
           ("tax", "Tax collected", "money"), ("orders", "Orders", "int"), ("units", "Units sold", "int"),
           ("aov", "Average order value", "money"), ("discounts", "Discounts", "money"),
           ("refunds", "Refunds", "money"), ("net_revenue", "Net revenue", "money")]


def build(run, progress):
    period = Period(run.date_from, run.date_to)
    granularity = run.granularity or "day"
    progress(5, "Sales over time")
    buckets = sums_by_bucket(period, granularity)
    progress(30, "The period before")
    now, before = totals(period, buckets), totals(period.previous())
    figures = [figure(key, label, kind, *(money(v[key]) if kind == "money" else v[key] for v in (now, before)))
               for key, label, kind in FIGURES]
    figures.append(figure("revenue_change", "Revenue vs previous period", "percent",
                          ratio(now["revenue"] - before["revenue"], before["revenue"])))
    time_rows = list(over_time(period, granularity, buckets))
    progress(55, "Sales by category")
    category_rows = by_category(period)
    progress(75, "Sales by product")
    sold = by_product(period)
    product_rows = [product_row(r) for r in sold]
    bottom_rows = bottom_sellers(sold)
    money_cols = [col("orders", "Orders", "int"), col("units", "Units", "int"), col("revenue", "Revenue", "money")]
    tables = [
        table("over_time", f"Sales {dict(day='by day', week='by week', month='by month')[granularity]}",
              [col("period", "Period starting", "date"), col("orders", "Orders", "int"), col("units", "Units", "int"),
               col("revenue", "Revenue", "money"), col("discounts", "Discounts", "money"),
               col("refunds", "Refunds", "money"), col("net_revenue", "Net revenue", "money"),
               col("aov", "Average order value", "money"), col("net_sales", "Net sales (before tax)", "money"),
               col("tax", "Tax", "money")], time_rows),
        table("by_category", "Sales by category", [col("category", "Category"), *money_cols], category_rows,
              note="A product in several categories counts in each; revenue is line value after discounts."),
        table("top_sellers", "Top sellers", [col("product", "Product"), *money_cols], product_rows[:TOP]),
        table("bottom_sellers", "Bottom sellers", [col("product", "Product"), col("units", "Units", "int"),
                                                   col("revenue", "Revenue", "money")], bottom_rows,
              note="Products on sale now: unsold in the period first, then the fewest units sold."),
        table("by_product", "Sales by product", [col("product", "Product"), *money_cols], product_rows),
    ]
    charts = [chart("line", "Revenue and net revenue", "over_time", "period", ["revenue", "net_revenue"]),
              chart("bar", "Revenue by category", "by_category", "category", ["revenue"])]
    notes = [f"Compared with {period.previous()}.",
             "Cancelled orders are left out; refunds count against the period the order was placed in."]
    progress(95, "Saving")
    return document(f"Sales, {period}", period, figures, tables, charts, notes)
