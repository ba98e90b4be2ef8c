"""Inventory: stock on hand, allocated and available per stock record; low and out of
stock; stock value at cost and at price; sell-through and days of cover from the sales of
the chosen period. Stock levels are a snapshot taken when the report is built.
"""
from django.db.models import Case, Count, F, Q, Sum, Value, When
from django.db.models.functions import Coalesce, NullIf
from oscar.core.loading import get_model

from ..periods import Period
from .common import CANCELLED, MONEY, ZERO, money, ratio
from .result import chart, col, document, figure, table

Line = get_model("order", "Line")
StockRecord = get_model("partner", "StockRecord")

STATUSES = [("out", "Out of stock"), ("low", "Low stock"), ("ok", "In stock")]


def stock_levels():
    return StockRecord._default_manager.annotate(
        allocated=Coalesce("num_allocated", 0),
    ).annotate(
        available=F("num_in_stock") - F("allocated"),
        title=Coalesce(NullIf("product__title", Value("")), "product__parent__title"),
        value_cost=F("num_in_stock") * F("cost_price"),
        value_price=F("num_in_stock") * F("price"),
    ).annotate(
        status=Case(When(available__lte=0, then=Value("out")),
                    When(low_stock_threshold__gt=F("available"), then=Value("low")),
                    default=Value("ok")),
    ).annotate(status_order=Case(When(status="out", then=0), When(status="low", then=1), default=2))


def units_sold(period):
    """{stock record id: units sold in the period}, grouped in one pass over the period's lines."""
    lines = (Line._default_manager.filter(order__date_placed__gte=period.start, order__date_placed__lt=period.end,
                                          stockrecord__isnull=False).exclude(order__status=CANCELLED))
    return dict(lines.values("stockrecord_id").annotate(units=Sum("quantity")).values_list("stockrecord_id", "units")
                .order_by())


def optional_money(value):
    return None if value is None else money(value)


def cover_days(available, sold, days):
    """How many days the available stock lasts at the period's selling rate."""
    if sold <= 0:
        return None
    return ratio(max(available, 0) * days, sold, places="0.1", scale=1)


def build(run, progress):
    period = Period(run.date_from, run.date_to)
    progress(10, "Stock totals")
    levels = stock_levels()
    # Aggregate names differ from the annotations they sum: Django would read a same-named
    # alias as a column of its own query.
    sums = levels.aggregate(
        records=Count("pk"), on_hand=Coalesce(Sum("num_in_stock"), 0), total_allocated=Coalesce(Sum("allocated"), 0),
        total_available=Coalesce(Sum("available"), 0),
        total_cost=Coalesce(Sum("value_cost", output_field=MONEY), ZERO),
        total_price=Coalesce(Sum("value_price", output_field=MONEY), ZERO),
        out=Count("pk", filter=Q(status="out")), low=Count("pk", filter=Q(status="low")),
    )
    sold = units_sold(period)
    totals = {"allocated": sums["total_allocated"], "available": sums["total_available"], "sold": sum(sold.values()),
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
        "pk", "title", "partner_sku", "num_in_stock", "allocated", "available", "low_stock_threshold", "status",
        "cost_price", "price", "value_cost", "value_price")
    product_rows = [
        [title, sku, on_hand, allocated, available, threshold, labels[status], sold.get(pk, 0),
         ratio(sold.get(pk, 0), sold.get(pk, 0) + on_hand), cover_days(available, sold.get(pk, 0), period.days),
         optional_money(cost), optional_money(price), optional_money(v_cost), optional_money(v_price)]
        for pk, title, sku, on_hand, allocated, available, threshold, status, cost, price, v_cost, v_price in rows
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
