"""Inventory: stock on hand, allocated and available per stock record; low and out of
stock; stock value at cost and at price; sell-through and days of cover from the sales of
the chosen period. Stock levels are a snapshot taken when the report is built.
"""
from django.db.models import Case, Count, F, IntegerField, OuterRef, Q, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce, NullIf
from oscar.core.loading import get_model

from ..periods import Period
from .common import CANCELLED, MONEY, ZERO, money, ratio
from .result import chart, col, document, figure, table

Line = get_model("order", "Line")
StockRecord = get_model("partner", "StockRecord")

STATUSES = [("out", "Out of stock"), ("low", "Low stock"), ("ok", "In stock")]


def stock_levels(period):
    sold = (Line._default_manager.filter(stockrecord_id=OuterRef("pk"), order__date_placed__gte=period.start,
                                         order__date_placed__lt=period.end)
            .exclude(order__status=CANCELLED).values("stockrecord_id").annotate(units=Sum("quantity")).values("units"))
    return StockRecord._default_manager.annotate(
        allocated=Coalesce("num_allocated", 0),
    ).annotate(
        available=F("num_in_stock") - F("allocated"),
        title=Coalesce(NullIf("product__title", Value("")), "product__parent__title"),
        sold=Coalesce(Subquery(sold, output_field=IntegerField()), 0),
        value_cost=F("num_in_stock") * F("cost_price"),
        value_price=F("num_in_stock") * F("price"),
    ).annotate(
        status=Case(When(available__lte=0, then=Value("out")),
                    When(low_stock_threshold__gt=F("available"), then=Value("low")),
                    default=Value("ok")),
    ).annotate(status_order=Case(When(status="out", then=0), When(status="low", then=1), default=2))


def cover_days(available, sold, days):
    """How many days the available stock lasts at the period's selling rate."""
    if sold <= 0:
        return None
    return ratio(max(available, 0) * days, sold, places="0.1", scale=1)


def build(run, progress):
    period = Period(run.date_from, run.date_to)
    progress(10, "Stock totals")
    levels = stock_levels(period)
    # Aggregate names differ from the annotations they sum: Django would read a same-named
    # alias as a column of its own query.
    sums = levels.aggregate(
        records=Count("pk"), on_hand=Coalesce(Sum("num_in_stock"), 0), total_allocated=Coalesce(Sum("allocated"), 0),
        total_available=Coalesce(Sum("available"), 0), total_sold=Coalesce(Sum("sold"), 0),
        total_cost=Coalesce(Sum("value_cost", output_field=MONEY), ZERO),
        total_price=Coalesce(Sum("value_price", output_field=MONEY), ZERO),
        out=Count("pk", filter=Q(status="out")), low=Count("pk", filter=Q(status="low")),
    )
    totals = {"allocated": sums["total_allocated"], "available": sums["total_available"], "sold": sums["total_sold"],
              "value_cost": sums["total_cost"], "value_price": sums["total_price"],
              **{k: sums[k] for k in ("records", "on_hand", "out", "low")}}
    progress(40, "Stock by status")
    by_status = {r["status"]: r for r in levels.values("status").annotate(
        records=Count("pk"), units=Coalesce(Sum("available"), 0),
        cost=Coalesce(Sum("value_cost", output_field=MONEY), ZERO)).order_by()}
    status_rows = [[label, by_status.get(key, {}).get("records", 0), by_status.get(key, {}).get("units", 0),
                    money(by_status.get(key, {}).get("cost", 0))] for key, label in STATUSES]
    progress(60, "Stock per product")
    labels = dict(STATUSES)
    rows = levels.order_by("status_order", "available", "title").values_list(
        "title", "partner_sku", "num_in_stock", "allocated", "available", "low_stock_threshold", "status",
        "sold", "cost_price", "price", "value_cost", "value_price")
    product_rows = [
        [title, sku, on_hand, allocated, available, threshold, labels[status], sold,
         ratio(sold, sold + on_hand), cover_days(available, sold, period.days),
         money(cost) if cost is not None else None, money(price) if price is not None else None,
         money(v_cost) if v_cost is not None else None, money(v_price) if v_price is not None else None]
        for title, sku, on_hand, allocated, available, threshold, status, sold, cost, price, v_cost, v_price in rows
    ]
    figures = [
        figure("records", "Stock records", "int", totals["records"]),
        figure("on_hand", "Units on hand", "int", totals["on_hand"]),
        figure("allocated", "Units allocated", "int", totals["allocated"]),
        figure("available", "Units available", "int", totals["available"]),
        figure("low", "Low stock", "int", totals["low"]),
        figure("out", "Out of stock", "int", totals["out"]),
        figure("value_cost", "Stock value at cost", "money", money(totals["value_cost"])),
        figure("value_price", "Stock value at price", "money", money(totals["value_price"])),
        figure("sold", "Units sold in period", "int", totals["sold"]),
        figure("sell_through", "Sell-through", "percent", ratio(totals["sold"], totals["sold"] + totals["on_hand"])),
    ]
    tables = [
        table("by_status", "Stock status", [col("status", "Status"), col("records", "Stock records", "int"),
                                            col("units", "Units available", "int"),
                                            col("value_cost", "Value at cost", "money")], status_rows),
        table("stock", "Stock per product", [
            col("product", "Product"), col("sku", "SKU"), col("on_hand", "On hand", "int"),
            col("allocated", "Allocated", "int"), col("available", "Available", "int"),
            col("threshold", "Low-stock threshold", "int"), col("status", "Status"),
            col("sold", "Sold in period", "int"), col("sell_through", "Sell-through %", "percent"),
            col("cover", "Days of cover", "decimal"), col("cost_price", "Cost price", "money"),
            col("price", "Price", "money"), col("value_cost", "Value at cost", "money"),
            col("value_price", "Value at price", "money")], product_rows,
              note="Out of stock first, then low stock; days of cover = available ÷ daily sales in the period."),
    ]
    charts = [chart("bar", "Stock records by status", "by_status", "status", ["records"])]
    notes = ["Stock levels are as of when this report was built; sales are those of the chosen period.",
             "Value at cost leaves out stock records without a cost price."]
    progress(95, "Saving")
    return document(f"Inventory, sales from {period}", period, figures, tables, charts, notes)
