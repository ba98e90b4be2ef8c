"""The shop tells endpoints what happened to orders, products and stock: once, after the commit.

Given endpoints subscribed to some events, when a merchandiser moves an order along in the
dashboard, a shopper checks out, a card payment settles and a paid order is cancelled and
refunded, a product and its stock are saved, or stock falls below its threshold, then
each subscribed endpoint receives one signed event with the order's number, status and
totals (as strings), the product's id, SKU and stock levels, and nothing about the
customer; nothing is sent while the transaction is still open.
"""
import pytest
from oscar.core.loading import get_model

from commerce.order.workflow import TransitionRefused, change_status
from tests.checkout_steps import demo_pay, guest_to_payment_step, paid_order
from tests.factories import make_product, place_order
from tests.orders.dashboard import change_on_dashboard
from webhooks.models import Delivery, Event

from .receiver import verify

Order = get_model("order", "Order")

pytestmark = pytest.mark.django_db


def events(receiver):
    return [r.event for r in receiver.received]


def test_a_status_change_through_the_workflow_is_sent_once_after_the_commit(
        subscribe, receiver, dashboard, django_capture_on_commit_callbacks):
    endpoint = subscribe("order.shipped", "order.delivered")
    order = place_order(guest_email="ada@example.com")

    with django_capture_on_commit_callbacks() as pending:
        change_on_dashboard(dashboard, order, "Processing")
        change_on_dashboard(dashboard, order, "Shipped", carrier="ups", tracking_number="1Z999AA10123456784")
        change_status(order, "Shipped", carrier="ups", tracking_number="1Z999AA10123456784")  # sent twice
        assert receiver.received == []  # stored with the change, not sent before it commits
        assert Delivery.objects.get().status == "queued"
    for callback in pending:
        callback()

    (request,) = receiver.received
    assert verify(request, endpoint.secret)
    event = request.event
    assert event["type"] == "order.shipped"
    order.refresh_from_db()
    assert event["data"]["order"]["number"] == order.number
    assert event["data"]["order"]["status"] == "Shipped"
    assert event["data"]["order"]["total_incl_tax"] == str(order.total_incl_tax)
    assert isinstance(event["data"]["order"]["total_incl_tax"], str)
    # Minimal by design: no customer email, name, address or tracking number.
    assert b"ada@example.com" not in request.body and b"1Z999AA10123456784" not in request.body
    assert b"Quince Lane" not in request.body


def test_a_refused_status_change_sends_nothing(subscribe, receiver, committed):
    subscribe("order.delivered", "order.cancelled")
    order = place_order(status="Pending")

    with committed(), pytest.raises(TransitionRefused):
        change_status(order, "Delivered")

    assert receiver.received == [] and not Event.objects.exists()


def test_a_checkout_sends_order_placed(subscribe, receiver, django_app, products, country, committed):
    subscribe("order.placed")

    with committed():
        demo_pay(guest_to_payment_step(django_app, products[0], country, quantity=2))

    order = Order.objects.get()
    (event,) = events(receiver)
    assert event["type"] == "order.placed"
    assert event["data"]["order"]["number"] == order.number
    (line,) = event["data"]["order"]["lines"]
    stock = products[0].stockrecords.get()
    assert (line["product_id"], line["sku"], line["quantity"]) == (products[0].pk, stock.partner_sku, 2)


def test_a_card_payment_sends_order_paid_and_a_cancellation_sends_cancelled_and_refunded(
        subscribe, receiver, django_app, client, stripe, products, country, merchandiser, committed):
    subscribe("order.paid", "order.cancelled", "order.refunded")

    with committed():
        order, _ = paid_order(django_app, client, stripe, products[0], country, quantity=2)  # $17.95
    assert [(e["type"], e["data"]["order"]["status"]) for e in events(receiver)] == [("order.paid", "Processing")]

    django_app.set_user(merchandiser)
    with committed():
        assert change_on_dashboard(django_app, order, "Cancelled").status_code == 302

    types = [e["type"] for e in events(receiver)]
    assert sorted(types[1:]) == ["order.cancelled", "order.refunded"]
    refunded = next(e for e in events(receiver) if e["type"] == "order.refunded")
    assert refunded["data"]["refund"]["amount"] == "17.95"


def test_a_product_saved_with_its_stock_is_sent_once_per_commit(subscribe, receiver, committed):
    subscribe("product.changed")

    with committed():
        product = make_product("Damson jam", "6.50", stock=12)  # the product, then its stock record
    (event,) = events(receiver)
    assert event["type"] == "product.changed"
    assert event["data"]["product"]["id"] == product.pk
    (stock,) = event["data"]["product"]["stockrecords"]
    assert (stock["price"], stock["num_in_stock"]) == ("6.50", 12)

    record = product.stockrecords.get()
    with committed():
        record.num_in_stock = 9
        record.save()
        product.title = "Damson jam, 340 g"
        product.save()
    assert len(receiver.received) == 2
    latest = events(receiver)[-1]["data"]["product"]
    assert (latest["title"], latest["stockrecords"][0]["num_in_stock"]) == ("Damson jam, 340 g", 9)


def test_stock_falling_below_its_threshold_sends_stock_low_once(subscribe, receiver, committed):
    subscribe("stock.low")
    product = make_product("Quince paste", "9.00", stock=10)
    record = product.stockrecords.get()
    record.low_stock_threshold = 3
    record.save()

    with committed():
        record.num_in_stock = 2
        record.save()
    with committed():
        record.num_in_stock = 1
        record.save()  # the alert is still open: no second event

    (event,) = events(receiver)
    assert event["type"] == "stock.low"
    assert event["data"]["stockrecord"]["num_in_stock"] == 2
    assert event["data"]["stockrecord"]["low_stock_threshold"] == 3
    assert event["data"]["product"] == {"id": product.pk, "title": "Quince paste"}
