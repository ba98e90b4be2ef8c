"""Stock leaves the shelf when an order ships, once per line, and the inventory report says so.

Given a product with 10 in stock and an order for 3 (through the real checkout, which
allocates the 3), when a merchandiser moves the order Processing → Shipped → Delivered,
then the stock record holds 7 with nothing allocated and the inventory report counts 7 on
hand, 7 × cost in stock, 3 sold. Shipping twice, or delivering after shipping, takes the
stock once; each line's ledger (`num_allocated`, `num_consumed`, `allocation_cancelled`)
shows how its units were settled, and the database refuses a second consumption. A line
shipped on its own (the dashboard's line status form) is consumed on its own and stays
consumed when the rest of the order is cancelled; a cancelled Pending order still gives
its stock back; a shipped order can't be cancelled; and after a recount the product is
available again instead of looking sold out.
"""
import os
import threading
from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone
from oscar.core.loading import get_model

from commerce.order.workflow import TransitionRefused, change_status
from commerce.partner import stock as partner_stock
from reports.models import ReportRun
from reports.runs import execute
from tests.checkout_steps import demo_pay, guest_to_payment_step
from tests.factories import make_product, place_order

from .dashboard import change_on_dashboard, status_form

Order = get_model("order", "Order")
Line = get_model("order", "Line")

pytestmark = pytest.mark.django_db
ON_POSTGRESQL = os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))
TRACKING = {"carrier": "ups", "tracking_number": "1Z999AA10123456784"}


def stock(product):
    record = product.stockrecords.get()
    return record.num_in_stock, record.num_allocated


def ledger(line):
    """How the line's units were settled: (still allocated, consumed, allocation cancelled)."""
    line.refresh_from_db()
    return line.num_allocated, line.num_consumed, line.allocation_cancelled


def ship(order, by=None):
    order, _ = change_status(order, "Processing", by=by)
    order, _ = change_status(order, "Shipped", by=by, **TRACKING)
    return order


def inventory_report():
    today = timezone.localdate()
    run = ReportRun.objects.create(kind="inventory", date_from=today, date_to=today, granularity="day")
    assert execute(run.pk) == ReportRun.Status.DONE, ReportRun.objects.get(pk=run.pk).error
    run.refresh_from_db()
    return run


def figures(run):
    return {f["key"]: f["value"] for f in run.result["figures"]}


def stock_rows(run):
    return next(t for t in run.result["tables"] if t["key"] == "stock")["rows"]


def change_line_on_dashboard(app, order, line, status):
    """The dashboard's "Change line status to" form, for the one line."""
    form = app.get(f"/shop/dashboard/orders/{order.number}/").forms["order_lines_form"]
    boxes = form.fields["selected_line"]
    next(box for box in boxes if box._value == str(line.pk)).checked = True
    form["line_action"] = "change_line_statuses"
    form["new_status"] = status
    return form.submit(expect_errors=True)


def test_a_delivered_order_leaves_the_shelf_and_the_inventory_report_counts_it(django_app, category, country,
                                                                             merchandiser):
    jam = make_product("Damson jam", "6.50", stock=10, category=category)
    record = jam.stockrecords.get()
    record.cost_price = Decimal("3.00")
    record.save()
    demo_pay(guest_to_payment_step(django_app, jam, country, quantity=3))
    order = Order.objects.get()
    [line] = order.lines.all()
    assert stock(jam) == (10, 3) and ledger(line) == (3, 0, False)

    django_app.set_user(merchandiser)
    assert change_on_dashboard(django_app, order, "Processing").status_code == 302
    assert change_on_dashboard(django_app, order, "Shipped", **TRACKING).status_code == 302
    assert stock(jam) == (7, 0) and ledger(line) == (0, 3, False)
    assert change_on_dashboard(django_app, order, "Delivered").status_code == 302

    order.refresh_from_db()
    assert order.status == "Delivered"
    assert stock(jam) == (7, 0) and ledger(line) == (0, 3, False)
    shipped = order.status_changes.get(new_status="Shipped")  # who took the stock, and when
    assert (shipped.old_status, shipped.changed_by) == ("Processing", merchandiser) and shipped.date_created

    run = inventory_report()
    values = figures(run)
    assert {k: values[k] for k in ("records", "on_hand", "allocated", "available", "value_cost", "value_price",
                                   "sold", "sell_through")} == {
        "records": 1, "on_hand": 7, "allocated": 0, "available": 7, "value_cost": "21.00", "value_price": "45.50",
        "sold": 3, "sell_through": "30.0",  # sold ÷ (sold + on hand) = 3 ÷ 10
    }
    [row] = stock_rows(run)
    assert row[0] == "Damson jam" and row[2:5] == [7, 0, 7] and row[6:9] == ["In stock", 3, "30.0"]
    assert row[-2:] == ["21.00", "45.50"]


def test_shipping_twice_then_delivering_takes_the_stock_once(django_app, merchandiser):
    jam = make_product("Damson jam", "6.50", stock=10)
    order = place_order((jam, 3))
    [line] = order.lines.all()
    django_app.set_user(merchandiser)
    change_on_dashboard(django_app, order, "Processing")

    form = status_form(django_app, order)
    form["new_status"], form["carrier"], form["tracking_number"] = "Shipped", *TRACKING.values()
    assert form.submit().status_code == 302
    again = form.submit()  # the same form sent a second time
    assert again.status_code == 302 and "already Shipped" in again.follow().text
    assert stock(jam) == (7, 0)

    partner_stock.consume_stock(order.lines.all())  # as a replayed signal would: the line holds nothing more to take
    assert stock(jam) == (7, 0) and ledger(line) == (0, 3, False)

    change_status(order, "Delivered", by=merchandiser)
    assert stock(jam) == (7, 0) and ledger(line) == (0, 3, False)
    assert order.status_changes.filter(new_status="Shipped").count() == 1


def test_the_database_refuses_a_line_consumed_twice_or_consumed_and_released():
    jam = make_product("Damson jam", "6.50", stock=10)
    order = ship(place_order((jam, 3)))
    [line] = order.lines.all()
    assert ledger(line) == (0, 3, False)

    with pytest.raises(IntegrityError), transaction.atomic():
        Line.objects.filter(pk=line.pk).update(num_consumed=F("num_consumed") + 3)
    with pytest.raises(IntegrityError), transaction.atomic():
        Line.objects.filter(pk=line.pk).update(allocation_cancelled=True)
    assert ledger(line) == (0, 3, False)


def test_cancelling_a_pending_order_still_gives_its_stock_back():
    jam = make_product("Damson jam", "6.50", stock=10)
    order = place_order((jam, 3))
    [line] = order.lines.all()
    assert stock(jam) == (10, 3)

    change_status(order, "Cancelled")

    assert stock(jam) == (10, 0)
    assert ledger(line) == (0, 0, True)


def test_a_shipped_order_cannot_be_cancelled_and_its_stock_stays_consumed():
    jam = make_product("Damson jam", "6.50", stock=10)
    order = ship(place_order((jam, 3)))

    with pytest.raises(TransitionRefused, match="it can only become Delivered"):
        change_status(order, "Cancelled")

    order.refresh_from_db()
    assert order.status == "Shipped" and stock(jam) == (7, 0)


def ship_the_jam_line_alone(django_app, merchandiser):
    """An order of jam and marmalade being prepared, whose jam line has shipped on its own."""
    jam, marmalade = make_product("Damson jam", "6.50", stock=10), make_product("Seville marmalade", "7.25", stock=5)
    order = place_order((jam, 2), (marmalade, 1))
    jam_line, marmalade_line = order.lines.order_by("pk")
    django_app.set_user(merchandiser)
    change_on_dashboard(django_app, order, "Processing")
    for status in ("Processing", "Shipped"):
        assert change_line_on_dashboard(django_app, order, jam_line, status).status_code == 302
    return jam, marmalade, order, jam_line, marmalade_line


def test_a_line_shipped_on_its_own_stays_consumed_when_the_order_is_cancelled(django_app, merchandiser):
    jam, marmalade, order, jam_line, marmalade_line = ship_the_jam_line_alone(django_app, merchandiser)
    jam_line.refresh_from_db()
    assert jam_line.status == "Shipped"
    assert stock(jam) == (8, 0) and ledger(jam_line) == (0, 2, False)
    assert stock(marmalade) == (5, 1) and ledger(marmalade_line) == (1, 0, False)

    assert change_on_dashboard(django_app, order, "Cancelled").status_code == 302

    assert stock(jam) == (8, 0) and ledger(jam_line) == (0, 2, False)  # the jam left: it isn't put back
    assert stock(marmalade) == (5, 0) and ledger(marmalade_line) == (0, 0, True)


def test_an_order_shipping_after_one_of_its_lines_takes_only_the_rest(django_app, merchandiser):
    jam, marmalade, order, jam_line, marmalade_line = ship_the_jam_line_alone(django_app, merchandiser)
    assert stock(jam) == (8, 0)

    assert change_on_dashboard(django_app, order, "Shipped", **TRACKING).status_code == 302
    assert change_on_dashboard(django_app, order, "Delivered").status_code == 302

    assert stock(jam) == (8, 0) and ledger(jam_line) == (0, 2, False)
    assert stock(marmalade) == (4, 0) and ledger(marmalade_line) == (0, 1, False)


def test_a_line_cancelled_on_its_own_is_released_and_not_shipped_with_the_order(django_app, merchandiser):
    jam, marmalade = make_product("Damson jam", "6.50", stock=10), make_product("Seville marmalade", "7.25", stock=5)
    order = place_order((jam, 2), (marmalade, 1))
    jam_line, marmalade_line = order.lines.order_by("pk")
    django_app.set_user(merchandiser)

    assert change_line_on_dashboard(django_app, order, marmalade_line, "Cancelled").status_code == 302
    assert stock(marmalade) == (5, 0) and ledger(marmalade_line) == (0, 0, True)

    ship(order, by=merchandiser)
    assert stock(jam) == (8, 0) and ledger(jam_line) == (0, 2, False)
    assert stock(marmalade) == (5, 0) and ledger(marmalade_line) == (0, 0, True)


def test_shipping_more_than_the_stock_record_holds_is_refused_and_changes_nothing(merchandiser):
    jam = make_product("Damson jam", "6.50", stock=10)
    order = place_order((jam, 3))
    [line] = order.lines.all()
    order, _ = change_status(order, "Processing", by=merchandiser)
    jam.stockrecords.update(num_in_stock=2)  # a miscount: the 3 packed jars were left out

    with pytest.raises(TransitionRefused, match=r"was not marked Shipped: the stock record of “Damson jam” has 2 "
                                                r"in stock and 3 allocated, fewer than the 3 shipped"):
        change_status(order, "Shipped", by=merchandiser, **TRACKING)

    order.refresh_from_db()
    assert (order.status, order.tracking_number) == ("Processing", "")
    assert not order.status_changes.filter(new_status="Shipped").exists()
    assert stock(jam) == (2, 3) and ledger(line) == (3, 0, False)


def test_a_recount_after_delivery_shows_the_product_available(django_app):
    jam = make_product("Damson jam", "6.50", stock=10)
    order = ship(place_order((jam, 3)))
    change_status(order, "Delivered")

    record = jam.stockrecords.get()
    record.num_in_stock = 3  # the merchandiser counts the shelf: 3 jars (4 were broken)
    record.save()

    assert stock(jam) == (3, 0)  # nothing still held for the delivered order
    page = django_app.get(jam.get_absolute_url())
    assert "add_to_basket_form" in page.forms
    assert "Only 3 left" in page.text  # the stock line a shopper reads


if ON_POSTGRESQL:
    @pytest.mark.django_db(transaction=True)
    def test_two_shipments_of_the_same_lines_at_once_take_the_stock_once():
        """Two workers consume the same order's lines at the same moment (PostgreSQL row locks)."""
        jam = make_product("Damson jam", "6.50", stock=10)
        order = place_order((jam, 3))
        start = threading.Barrier(2)
        errors = []

        def worker():
            try:
                start.wait(timeout=30)
                partner_stock.consume_stock(Line.objects.filter(order=order))
            except Exception as exc:  # reported below
                errors.append(exc)
            finally:
                connection.close()

        threads = [threading.Thread(target=worker) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)

        assert errors == []
        [line] = order.lines.all()
        assert stock(jam) == (7, 0) and ledger(line) == (0, 3, False)


def test_shipping_a_line_with_too_little_stock_on_record_is_refused_on_the_dashboard(django_app, merchandiser):
    jam = make_product("Damson jam", "6.50", stock=10)
    order = place_order((jam, 3))
    [line] = order.lines.all()
    django_app.set_user(merchandiser)
    change_on_dashboard(django_app, order, "Processing")
    change_line_on_dashboard(django_app, order, line, "Processing")
    jam.stockrecords.update(num_in_stock=2)  # a miscount: the 3 packed jars were left out

    response = change_line_on_dashboard(django_app, order, line, "Shipped")

    assert response.status_code == 400
    assert "Nothing was changed" in response.text and "Recount the stock" in response.text
    line.refresh_from_db()
    assert line.status == "Processing" and stock(jam) == (2, 3) and ledger(line) == (3, 0, False)
