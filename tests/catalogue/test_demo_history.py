"""The demo store's order history: a newcomer's dashboard and reports show real figures.

The store is built once for the module (rolled back at the end); the orders in it were
placed through the checkout's order code, so their tax, delivery and totals must match
what the shop's rules charge today.
"""
from decimal import Decimal
from io import StringIO

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from oscar.core.loading import get_model
from wagtail.models import Site

from commerce.demo.history import CUSTOMERS, NUMBER_PREFIX
from commerce.tax.rules import rate_for, round_money
from outbox.models import OutgoingEmail
from reports.builders.sales import totals
from reports.periods import Period, shop_today

pytestmark = pytest.mark.django_db

Order = get_model("order", "Order")
StockRecord = get_model("partner", "StockRecord")


@pytest.fixture(scope="module")
def history(django_db_setup, django_db_blocker, tmp_path_factory):
    media_root = str(tmp_path_factory.mktemp("demo-media"))
    out = StringIO()
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media_root, DEBUG=False):
        with transaction.atomic():
            emails_before = OutgoingEmail.objects.count()
            call_command("load_demo_store", stdout=out)
            yield {"output": out.getvalue(), "emails_queued": OutgoingEmail.objects.count() - emails_before}
            transaction.set_rollback(True)
        Site.clear_site_root_paths_cache()
        cache.clear()


def demo_orders():
    return Order.objects.filter(number__startswith=NUMBER_PREFIX)


def test_orders_exist_in_every_status_for_the_demo_customers(history):
    orders = demo_orders()
    assert 40 <= orders.count() <= 80
    assert set(orders.values_list("status", flat=True)) == {"Pending", "Processing", "Shipped", "Delivered",
                                                             "Cancelled"}
    assert orders.values("user").distinct().count() >= 8
    assert {o.shipping_address.country_id for o in orders} == {"US", "CA", "GB"}
    for order in orders.filter(status__in=["Shipped", "Delivered"]):
        assert order.tracking_number and order.carrier
    assert "Order history:" in history["output"]


def test_orders_span_the_last_three_months(history):
    dates = sorted(demo_orders().values_list("date_placed", flat=True))
    assert (dates[-1] - dates[0]).days >= 60


def test_every_order_adds_up_and_carries_the_tax_the_rules_charge(history):
    for order in demo_orders().prefetch_related("surcharges"):
        tax = sum((s.incl_tax for s in order.surcharges.all()), Decimal("0.00"))
        assert order.total_excl_tax + tax == order.total_incl_tax, order.number
        assert order.total_excl_tax == order.basket_total_excl_tax + order.shipping_excl_tax, order.number
        address = order.shipping_address
        rate = rate_for(address.country_id, address.state)
        taxable = order.basket_total_excl_tax + (order.shipping_excl_tax if rate.applies_to_shipping else 0)
        assert tax == round_money(taxable * rate.fraction), order.number
        assert tax > 0, order.number


def test_a_refund_and_a_cancellation(history):
    refunded = [o for o in demo_orders() if any(s.amount_refunded for s in o.sources.all())]
    assert len(refunded) == 1
    order = refunded[0]
    assert order.status == "Delivered"
    assert 0 < order.sources.get().amount_refunded < order.total_incl_tax
    assert order.payment_events.filter(event_type__name="Refunded").exists()

    cancelled = demo_orders().get(status="Cancelled")
    assert all(line.num_allocated in (0, None) for line in cancelled.lines.all())


def test_stock_stays_coherent_and_in_stock(history):
    assert not StockRecord.objects.filter(num_in_stock__lt=0).exists()
    for record in StockRecord.objects.filter(num_allocated__gt=0):
        assert record.num_allocated <= record.num_in_stock


def test_the_sales_report_shows_revenue_and_tax(history):
    today = shop_today()
    from datetime import timedelta
    row = totals(Period(today - timedelta(days=90), today))
    assert row["orders"] >= 30
    assert row["revenue"] > 0 and row["tax"] > 0 and row["refunds"] > 0


def test_the_dashboard_shows_figures(history, dashboard):
    page = dashboard.get("/shop/dashboard/")
    assert page.status_code == 200
    assert page.context["total_orders"] > 0
    assert page.context["total_revenue"] > 0


def test_no_email_was_queued(history):
    assert history["emails_queued"] == 0


def test_a_second_build_creates_no_orders(history):
    before = Order.objects.count()
    call_command("load_demo_store", stdout=StringIO())
    assert Order.objects.count() == before
    assert len(CUSTOMERS) >= 8
