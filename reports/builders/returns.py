"""Returns: how many were asked for in the period, why, for which products, and what was refunded.

A return counts in the period it was asked for (commerce/returns), whatever happened to it
since; rejected ones are counted apart and hold no units. By product: units asked for,
units received (restocked or written off) and the value of the goods received, which is
what their refunds (or, for an exchange, its credit) gave back before tax and delivery. Refunded totals are the returns'
own (goods, their tax and any delivery), so they add up to what went back to the cards.
"""
from django.db.models import Count, Q, Sum, Value
from django.db.models.functions import Coalesce, NullIf

from commerce.invoicing.models import CreditNote
from commerce.returns.models import Reason, ReturnLine, ReturnRequest

from ..periods import Period
from .common import MONEY, ZERO, money
from .result import chart, col, document, figure, table

REJECTED = ReturnRequest.Status.REJECTED

def returns_in(period):
    return ReturnRequest.objects.filter(created_at__gte=period.start, created_at__lt=period.end)


def build(run, progress):
    period = Period(run.date_from, run.date_to)
    progress(10, "Returns by reason")
    returns = returns_in(period)
    by_reason = {r["reason"]: r for r in returns.values("reason").annotate(
        count=Count("pk"), rejected=Count("pk", filter=Q(status=REJECTED)),
        refunded=Coalesce(Sum("amount_refunded"), ZERO, output_field=MONEY)).order_by()}
    units = dict(ReturnLine.objects.filter(request__in=returns).exclude(request__status=REJECTED)
                 .values("request__reason").annotate(units=Sum("quantity")).values_list("request__reason", "units")
                 .order_by())
    reason_rows = [[label, by_reason.get(key, {}).get("count", 0), by_reason.get(key, {}).get("rejected", 0),
                    units.get(key, 0), money(by_reason.get(key, {}).get("refunded", 0))]
                   for key, label in Reason.choices]
    progress(50, "Returns by product")
    lines = (ReturnLine.objects.filter(request__in=returns).exclude(request__status=REJECTED)
             .annotate(product_title=Coalesce(NullIf("line__product__title", Value("")),
                                              "line__product__parent__title", "line__title")))
    product_rows = [
        [title, sku, asked, restocked, written_off, money(value)]
        for title, sku, asked, restocked, written_off, value in lines.values("product_title", "line__partner_sku")
        .annotate(asked=Sum("quantity"), back=Sum("restocked"), off=Sum("written_off"),
                  value=Coalesce(Sum("value_received"), ZERO, output_field=MONEY))
        .order_by("-asked", "product_title").values_list("product_title", "line__partner_sku", "asked", "back",
                                                          "off", "value")
    ]
    totals = returns.aggregate(count=Count("pk"), refunded=Coalesce(Sum("amount_refunded"), ZERO, output_field=MONEY),
                               refunds=Count("pk", filter=Q(status=ReturnRequest.Status.REFUNDED)),
                               rejected=Count("pk", filter=Q(status=REJECTED)))
    exchanges = returns.exclude(replacement=None)
    credited = CreditNote.objects.filter(applied_to__exchanged_by__in=exchanges).aggregate(
        amount=Coalesce(Sum("amount"), ZERO, output_field=MONEY))["amount"]
    figures = [
        figure("returns", "Returns asked for", "int", totals["count"]),
        figure("rejected", "Rejected", "int", totals["rejected"]),
        figure("refunds", "Refunded", "int", totals["refunds"]),
        figure("refunded", "Amount refunded", "money", money(totals["refunded"])),
        figure("units", "Units asked for (not rejected)", "int", sum(units.values())),
        figure("exchanges", "Exchanged for another variant", "int", exchanges.count()),
        figure("exchange_credit", "Credited toward exchanges", "money", money(credited)),
    ]
    tables = [
        table("by_reason", "Returns by reason", [
            col("reason", "Reason"), col("returns", "Returns", "int"), col("rejected", "Rejected", "int"),
            col("units", "Units (not rejected)", "int"), col("refunded", "Refunded", "money")], reason_rows),
        table("by_product", "Returns by product", [
            col("product", "Product"), col("sku", "SKU"), col("asked", "Units asked for", "int"),
            col("restocked", "Restocked", "int"), col("written_off", "Written off", "int"),
            col("value", "Goods received (before tax)", "money")], product_rows,
              note="Rejected returns are left out; most-returned first."),
    ]
    charts = [chart("bar", "Returns by reason", "by_reason", "reason", ["returns"])]
    notes = ["A return counts in the period it was asked for.",
             "Refunded = goods, their share of the tax and any delivery refunded (commerce/returns/refunds.py).",
             "Credited toward exchanges = the goods sent back that paid for their replacement orders "
             "(credit notes, commerce/returns/exchanges.py); what was refunded on top is under Refunded."]
    progress(95, "Saving")
    return document(f"Returns, {period}", period, figures, tables, charts, notes)
