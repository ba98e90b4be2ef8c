"""Sales: revenue, orders, units, average order value, discounts, refunds and net revenue
over time, by category and by product, with top and bottom sellers and the previous period.

Revenue is what customers were charged (order totals after discounts, shipping included);
product and category revenue is the line value after discounts (no shipping).
"""
from django.db.models import Count, Max, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from oscar.core.loading import get_model

from ..periods import Period
from .common import CANCELLED, ZERO, bucket, counted_orders, money, order_discounts, order_refunds, ratio
from .result import chart, col, document, figure, table

Line = get_model("order", "Line")
Product = get_model("catalogue", "Product")
ProductCategory = get_model("catalogue", "ProductCategory")

TOP = 10


def counted_lines(period):
    return Line._default_manager.filter(
        order__date_placed__gte=period.start, order__date_placed__lt=period.end,
    ).exclude(order__status=CANCELLED)


def order_measures():
    return {"orders": Count("pk"), "revenue": Coalesce(Sum("total_incl_tax"), ZERO),
            "discounts": Coalesce(Sum(order_discounts()), ZERO), "refunds": Coalesce(Sum(order_refunds()), ZERO)}


def totals(period):
    figures = counted_orders(period).aggregate(**order_measures())
    figures["units"] = counted_lines(period).aggregate(units=Coalesce(Sum("quantity"), 0))["units"]
    return derived(figures)


def derived(row):
    """Net revenue and average order value from one row of sums (Decimal, to the cent)."""
    row["net_revenue"] = row["revenue"] - row["refunds"]
    row["aov"] = row["revenue"] / row["orders"] if row["orders"] else 0
    return row


def over_time(period, granularity):
    by_order = (counted_orders(period).annotate(bucket=bucket("date_placed", granularity))
                .values("bucket").annotate(**order_measures()).order_by())
    by_line = (counted_lines(period).annotate(bucket=bucket("order__date_placed", granularity))
               .values("bucket").annotate(units=Sum("quantity")).order_by())
    rows = {r["bucket"]: r for r in by_order}
    units = {r["bucket"]: r["units"] for r in by_line}
    empty = {"orders": 0, "revenue": 0, "discounts": 0, "refunds": 0}
    for start in period.buckets(granularity):
        row = derived({**empty, **rows.get(start, {}), "units": units.get(start, 0)})
        yield [start.isoformat(), row["orders"], row["units"], money(row["revenue"]), money(row["discounts"]),
               money(row["refunds"]), money(row["net_revenue"]), money(row["aov"])]


def primary_category():
    """A product's first category (its parent's, for a variant), so each sale counts once."""
    first = (ProductCategory._default_manager
             .filter(product_id=Coalesce(OuterRef("product__parent_id"), OuterRef("product_id")))
             .order_by("pk").values("category__name")[:1])
    return Coalesce(Subquery(first), Value("Uncategorised"))


def by_category(period):
    rows = (counted_lines(period).annotate(category=primary_category()).values("category")
            .annotate(units=Sum("quantity"), revenue=Sum("line_price_incl_tax"), orders=Count("order", distinct=True))
            .order_by("-revenue", "category"))
    return [[r["category"], r["orders"], r["units"], money(r["revenue"])] for r in rows]


def by_product(period):
    rows = (counted_lines(period).values("product_id")
            .annotate(title=Max("title"), units=Sum("quantity"), revenue=Sum("line_price_incl_tax"),
                      orders=Count("order", distinct=True))
            .order_by("-revenue", "-units", "title"))
    return [[r["title"], r["orders"], r["units"], money(r["revenue"])] for r in rows]


def bottom_sellers(period):
    """Products on sale that sold least in the period, unsold ones first."""
    in_period = (Q(line__order__date_placed__gte=period.start, line__order__date_placed__lt=period.end)
                 & ~Q(line__order__status=CANCELLED))
    rows = (Product._default_manager.exclude(structure=Product.PARENT)
            .annotate(units=Coalesce(Sum("line__quantity", filter=in_period), 0),
                      revenue=Coalesce(Sum("line__line_price_incl_tax", filter=in_period), ZERO))
            .order_by("units", "revenue", "title").values_list("title", "units", "revenue")[:TOP])
    return [[title, units, money(revenue)] for title, units, revenue in rows]


FIGURES = [("revenue", "Revenue", "money"), ("orders", "Orders", "int"), ("units", "Units sold", "int"),
           ("aov", "Average order value", "money"), ("discounts", "Discounts", "money"),
           ("refunds", "Refunds", "money"), ("net_revenue", "Net revenue", "money")]


def build(run, progress):
    period = Period(run.date_from, run.date_to)
    granularity = run.granularity or "day"
    progress(5, "Totals for the period and the one before")
    now, before = totals(period), totals(period.previous())
    figures = [figure(key, label, kind, *(money(v[key]) if kind == "money" else v[key] for v in (now, before)))
               for key, label, kind in FIGURES]
    figures.append(figure("revenue_change", "Revenue vs previous period", "percent",
                          ratio(now["revenue"] - before["revenue"], before["revenue"])))
    progress(30, "Revenue over time")
    time_rows = list(over_time(period, granularity))
    progress(55, "Sales by category")
    category_rows = by_category(period)
    progress(75, "Sales by product")
    product_rows = by_product(period)
    bottom_rows = bottom_sellers(period)
    money_cols = [col("orders", "Orders", "int"), col("units", "Units", "int"), col("revenue", "Revenue", "money")]
    tables = [
        table("over_time", f"Sales {dict(day='by day', week='by week', month='by month')[granularity]}",
              [col("period", "Period starting", "date"), col("orders", "Orders", "int"), col("units", "Units", "int"),
               col("revenue", "Revenue", "money"), col("discounts", "Discounts", "money"),
               col("refunds", "Refunds", "money"), col("net_revenue", "Net revenue", "money"),
               col("aov", "Average order value", "money")], time_rows),
        table("by_category", "Sales by category", [col("category", "Category"), *money_cols], category_rows,
              note="Each product counts in its first category; revenue is line value after discounts."),
        table("top_sellers", "Top sellers", [col("product", "Product"), *money_cols], product_rows[:TOP]),
        table("bottom_sellers", "Bottom sellers", [col("product", "Product"), col("units", "Units", "int"),
                                                   col("revenue", "Revenue", "money")], bottom_rows,
              note="Products on sale now, fewest units sold in the period first."),
        table("by_product", "Sales by product", [col("product", "Product"), *money_cols], product_rows),
    ]
    charts = [chart("line", "Revenue and net revenue", "over_time", "period", ["revenue", "net_revenue"]),
              chart("bar", "Revenue by category", "by_category", "category", ["revenue"])]
    notes = [f"Compared with {period.previous()}.",
             "Cancelled orders are left out; refunds count against the period the order was placed in."]
    progress(95, "Saving")
    return document(f"Sales, {period}", period, figures, tables, charts, notes)
