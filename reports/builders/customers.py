"""Customer behaviour: new vs returning customers, repeat purchases, top customers by
lifetime value, monthly cohorts, basket abandonment, the product view → basket → order
funnel, and what shoppers search for. A customer is an email address: the account's, or
the guest's for guest orders.
"""
import datetime as dt
from decimal import Decimal

from django.db.models import Count, DateField, DateTimeField, F, Min, Q, Sum, Value, Window
from django.db.models.functions import Coalesce, TruncMonth
from oscar.core.loading import get_model

from ..periods import Period, shop_tz
from .common import ZERO, count_distinct_by, counted_orders, customer_key, money, ratio, select_from
from .result import chart, col, document, figure, table

Basket = get_model("basket", "Basket")
BasketLine = get_model("basket", "Line")
ProductRecord = get_model("analytics", "ProductRecord")
SearchQuery = get_model("search", "SearchQuery")
Source = get_model("payment", "Source")

TOP = 10
MINUS = Decimal("-1")
COHORT_MONTHS = 12


def customer_summary(period):
    """New = first counted order inside the period; repeat = two or more orders by its end."""
    in_period = Q(date_placed__gte=period.start)
    per_customer = (counted_orders(before=period.end).annotate(customer=customer_key()).values("customer")
                    .annotate(first=Min("date_placed"), lifetime_orders=Count("pk"),
                              orders=Count("pk", filter=in_period),
                              revenue=Coalesce(Sum("total_incl_tax", filter=in_period), ZERO))
                    .filter(orders__gt=0))
    is_new = Q(first__gte=period.start)
    return per_customer.aggregate(
        customers=Count("customer"), new=Count("customer", filter=is_new),
        returning=Count("customer", filter=~is_new), repeat=Count("customer", filter=Q(lifetime_orders__gte=2)),
        new_revenue=Coalesce(Sum("revenue", filter=is_new), ZERO),
        returning_revenue=Coalesce(Sum("revenue", filter=~is_new), ZERO),
        new_orders=Coalesce(Sum("orders", filter=is_new), 0),
        returning_orders=Coalesce(Sum("orders", filter=~is_new), 0),
    )


def top_customers(period):
    """Lifetime value = order totals less refunds, summed per customer in one pass.

    Orders and refunds are stacked (UNION ALL) and then grouped, so an order paid from
    two sources is still counted once and no per-order subquery runs.
    """
    scope = counted_orders(before=period.end)
    orders = scope.annotate(customer=customer_key(), n=Value(1), amount=F("total_incl_tax"), placed=F("date_placed"))
    refunds = (Source._default_manager.filter(order__in=scope.values("pk"), amount_refunded__gt=0)
               .annotate(customer=customer_key("order__"), n=Value(0), amount=F("amount_refunded") * Value(MINUS),
                         placed=Value(None, output_field=DateTimeField())))
    columns = ["customer", "n", "amount", "placed"]
    stacked = orders.values_list(*columns).order_by().union(refunds.values_list(*columns).order_by(), all=True)
    rows = select_from(stacked, "SELECT customer, SUM(n), SUM(amount), MIN(placed), MAX(placed) FROM ({}) AS stacked "
                                f"GROUP BY customer ORDER BY SUM(amount) DESC, customer LIMIT {TOP}")
    return [[customer, orders, money(value), local_date(first), local_date(last)]
            for customer, orders, value, first, last in rows]


def local_date(value):
    """A raw-SQL timestamp (aware datetime, or UTC text on SQLite) as the shop's local date."""
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value.astimezone(shop_tz()).date().isoformat()


def cohorts(period):
    """Customers by first-order month (rows) and how many ordered again N months later."""
    month = TruncMonth("date_placed", output_field=DateField(), tzinfo=shop_tz())
    first_month = (period.last.replace(day=1) - dt.timedelta(days=31 * (COHORT_MONTHS - 1))).replace(day=1)
    activity = (counted_orders(before=period.end).annotate(customer=customer_key(), month=month)
                .annotate(cohort=Window(Min("month"), partition_by=[F("customer")])))
    cells = {}
    for cohort, active_month, customers in count_distinct_by(activity, ["cohort", "month"], "customer"):
        cohort, active_month = (dt.date.fromisoformat(str(v)[:10]) for v in (cohort, active_month))
        if cohort >= first_month:
            offset = (active_month.year - cohort.year) * 12 + active_month.month - cohort.month
            cells[cohort, offset] = customers
    rows = []
    for cohort in sorted({c for c, _ in cells}):
        size = cells.get((cohort, 0), 0)
        rows.append([cohort.strftime("%Y-%m"), size] + [cells.get((cohort, n)) for n in range(1, COHORT_MONTHS)])
    return rows


def abandonment(period):
    """Baskets opened in the period that still hold lines (abandoned) vs submitted as orders."""
    baskets = Basket._default_manager.filter(date_created__gte=period.start, date_created__lt=period.end)
    counts = baskets.aggregate(
        abandoned=Count("pk", filter=Q(status=Basket.OPEN, lines__isnull=False), distinct=True),
        submitted=Count("pk", filter=Q(status=Basket.SUBMITTED), distinct=True))
    left = (BasketLine._default_manager.filter(basket__in=baskets.filter(status=Basket.OPEN))
            .aggregate(value=Coalesce(Sum(F("price_incl_tax") * F("quantity")), ZERO)))
    return {**counts, "value": left["value"]}


def funnel():
    """Oscar's all-time counters per product (it keeps no dates for them)."""
    totals = ProductRecord._default_manager.aggregate(
        views=Coalesce(Sum("num_views"), 0), baskets=Coalesce(Sum("num_basket_additions"), 0),
        purchases=Coalesce(Sum("num_purchases"), 0))
    top = (ProductRecord._default_manager.filter(num_views__gt=0).order_by("-num_views", "product__title")
           .values_list("product__title", "num_views", "num_basket_additions", "num_purchases")[:TOP])
    rows = [[title, views, baskets, purchases, ratio(baskets, views), ratio(purchases, views)]
            for title, views, baskets, purchases in top]
    return totals, rows


def searches(period):
    queries = SearchQuery._default_manager.filter(kind=SearchQuery.Kind.SEARCH, created_at__gte=period.start,
                                                  created_at__lt=period.end)
    totals = queries.aggregate(searches=Count("pk"), zero=Count("pk", filter=Q(results_count=0)))
    top = (queries.values("normalized").annotate(n=Count("pk"), zero=Count("pk", filter=Q(results_count=0)))
           .order_by("-n", "normalized").values_list("normalized", "n", "zero")[:20])
    zero = (queries.filter(results_count=0).values("normalized").annotate(n=Count("pk"))
            .order_by("-n", "normalized").values_list("normalized", "n")[:20])
    return totals, [list(r) for r in top], [list(r) for r in zero]


def build(run, progress):
    period = Period(run.date_from, run.date_to)
    progress(5, "New and returning customers")
    people = customer_summary(period)
    progress(25, "Top customers")
    top_rows = top_customers(period)
    progress(40, "Cohorts")
    cohort_rows = cohorts(period)
    progress(60, "Baskets and funnel")
    baskets = abandonment(period)
    funnel_totals, funnel_rows = funnel()
    progress(80, "Searches")
    search_totals, search_rows, zero_rows = searches(period)
    started = baskets["abandoned"] + baskets["submitted"]
    figures = [
        figure("customers", "Customers who ordered", "int", people["customers"]),
        figure("new", "New customers", "int", people["new"]),
        figure("returning", "Returning customers", "int", people["returning"]),
        figure("repeat_rate", "Repeat-purchase rate", "percent", ratio(people["repeat"], people["customers"])),
        figure("abandoned", "Abandoned baskets", "int", baskets["abandoned"]),
        figure("abandonment_rate", "Basket abandonment rate", "percent", ratio(baskets["abandoned"], started)),
        figure("abandoned_value", "Value left in abandoned baskets", "money", money(baskets["value"])),
        figure("searches", "Searches", "int", search_totals["searches"]),
        figure("zero_rate", "Searches with no results", "percent",
               ratio(search_totals["zero"], search_totals["searches"])),
    ]
    segment_cols = [col("segment", "Customers"), col("customers", "Customers", "int"), col("orders", "Orders", "int"),
                    col("revenue", "Revenue", "money")]
    segments = [["New", people["new"], people["new_orders"], money(people["new_revenue"])],
                ["Returning", people["returning"], people["returning_orders"], money(people["returning_revenue"])]]
    views = funnel_totals["views"]
    funnel_steps = [["Product views", views, None],
                    ["Basket additions", funnel_totals["baskets"], ratio(funnel_totals["baskets"], views)],
                    ["Purchases", funnel_totals["purchases"], ratio(funnel_totals["purchases"], views)]]
    tables = [
        table("segments", "New and returning customers", segment_cols, segments),
        table("top_customers", "Top customers by lifetime value", [
            col("customer", "Customer"), col("orders", "Orders", "int"), col("value", "Lifetime value", "money"),
            col("first", "First order", "date"), col("last", "Last order", "date")], top_rows,
              note="Lifetime value = orders up to the end of the period, less refunds."),
        table("cohorts", "Cohorts by first-order month", [col("cohort", "First order"), col("m0", "Customers", "int")]
              + [col(f"m{n}", f"+{n} mo", "int") for n in range(1, COHORT_MONTHS)], cohort_rows,
              note="Customers of each first-order month who ordered again 1, 2, … months later."),
        table("funnel", "Funnel: view → basket → purchase", [
            col("step", "Step"), col("count", "Count", "int"), col("rate", "% of views", "percent")], funnel_steps,
              note="Oscar's running product counters, since the shop opened."),
        table("funnel_products", "Most viewed products", [
            col("product", "Product"), col("views", "Views", "int"), col("baskets", "Basket additions", "int"),
            col("purchases", "Purchases", "int"), col("basket_rate", "Basket %", "percent"),
            col("purchase_rate", "Purchase %", "percent")], funnel_rows),
        table("search_terms", "Top search terms", [col("term", "Search term"), col("searches", "Searches", "int"),
                                                   col("zero", "With no results", "int")], search_rows),
        table("zero_results", "Searches with no results", [col("term", "Search term"),
                                                           col("searches", "Searches", "int")], zero_rows),
    ]
    charts = [chart("bar", "New and returning customers", "segments", "segment", ["customers"]),
              chart("bar", "Funnel", "funnel", "step", ["count"])]
    notes = ["Cancelled orders are left out. Baskets count as abandoned while they are open with lines in them."]
    progress(95, "Saving")
    return document(f"Customer behaviour, {period}", period, figures, tables, charts, notes)
