"""What the shop tells endpoints, and when: each function here is called where the thing happens.

    order.placed     checkout placed it (commerce/checkout/views.py), or an exchange
                     (commerce/order/placing.py)
    order.paid       the card payment settled (commerce/payments/ledger.record_success)
    order.shipped, order.delivered, order.cancelled
                     the status changed (commerce/order/workflow.change_status)
    order.refunded   money went back (commerce/payments/ledger._apply_refund)
    product.changed  a product or its stock record was saved (post_save, apps.py)
    stock.low        stock fell below its threshold (commerce/partner/alerts.py)

`emit` stores the event and one delivery per active endpoint subscribed to it, in the
caller's transaction, so an event exists only if what it reports was committed; Celery
is handed each delivery after the commit (webhooks.tasks). A product changes several
times in one save (the product, then its stock records), so product.changed is gathered
per transaction and emitted once, after the commit, with the product as it then is.
"""
import json
import logging
import uuid

from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from oscar.core.loading import get_model

from . import payloads
from .models import Delivery, Endpoint, Event
from .tasks import deliver_webhook

Product = get_model("catalogue", "Product")

logger = logging.getLogger("webhooks")

TYPES = {
    "order.placed": "Order placed",
    "order.paid": "Order paid",
    "order.shipped": "Order shipped",
    "order.delivered": "Order delivered",
    "order.cancelled": "Order cancelled",
    "order.refunded": "Order refunded",
    "product.changed": "Product changed",
    "stock.low": "Stock low",
}
STATUS_EVENTS = {"Shipped": "order.shipped", "Delivered": "order.delivered", "Cancelled": "order.cancelled"}


def subscribers(event_type):
    # Filtered here, not in SQL: JSON "contains" lookups don't run on SQLite, and endpoints are few.
    return [e for e in Endpoint.objects.filter(is_active=True) if event_type in e.events]


def emit(event_type, data, *, key=None, endpoints=None):
    """Store the event for every subscribed endpoint and send it after commit; the Event, or None."""
    assert event_type in TYPES, event_type
    endpoints = subscribers(event_type) if endpoints is None else endpoints
    if not endpoints or (key and Event.objects.filter(key=key).exists()):
        return None
    event_id, now = uuid.uuid4(), timezone.now()
    body = json.dumps({"id": str(event_id), "type": event_type, "created": now.isoformat(), "data": data},
                      cls=DjangoJSONEncoder, separators=(",", ":"))
    try:
        with transaction.atomic():
            event = Event.objects.create(id=event_id, type=event_type, key=key, body=body, created_at=now)
            deliveries = Delivery.objects.bulk_create(Delivery(endpoint=e, event=event) for e in endpoints)
    except IntegrityError:  # the same key emitted concurrently: that one is sent
        return None
    for delivery in deliveries:
        deliver_webhook.queue_after_commit(delivery.pk)
    logger.info("Webhook %s %s queued for %d endpoint(s)", event_type, event_id, len(deliveries))
    return event


def order_placed(order):
    emit("order.placed", payloads.order_data(order), key=f"order.placed:{order.number}")


def order_paid(order):
    emit("order.paid", payloads.order_data(order), key=f"order.paid:{order.number}")


def order_status_changed(order, status):
    event_type = STATUS_EVENTS.get(status)
    if event_type:
        emit(event_type, payloads.order_data(order), key=f"{event_type}:{order.number}")


def order_refunded(order, amount, reference):
    data = {**payloads.order_data(order), "refund": {"amount": payloads.money(amount), "reference": reference}}
    emit("order.refunded", data, key=f"order.refunded:{order.number}:{reference}"[:200])


def stock_low(alert):
    record = alert.stockrecord
    data = {"product": {"id": record.product_id, "title": record.product.title},
            "stockrecord": payloads.stock_data(record)}
    emit("stock.low", data, key=f"stock.low:{alert.pk}")


# product.changed ---------------------------------------------------------------------

def product_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        product_changed(instance.pk)


def stock_saved(sender, instance, raw=False, **kwargs):
    if not raw and instance.product_id:
        product_changed(instance.product_id)


class _ProductChanged:
    """The after-commit callback for one product; recognised in the pending list by its product."""

    def __init__(self, product_id):
        self.product_id, self.done = product_id, False

    def __call__(self):
        self.done = True
        endpoints = subscribers("product.changed")
        product = endpoints and Product.objects.filter(pk=self.product_id).first()
        if product:
            with transaction.atomic():
                emit("product.changed", payloads.product_data(product), endpoints=endpoints)


def product_changed(product_id):
    """Emit product.changed once for this product when the current transaction commits."""
    # Django keeps a transaction's pending callbacks in connection.run_on_commit and drops
    # those of a rolled-back block from it, so a callback found there will really run.
    pending = (callback for _, callback, *_ in connection.run_on_commit)
    if any(isinstance(c, _ProductChanged) and c.product_id == product_id and not c.done for c in pending):
        return
    transaction.on_commit(_ProductChanged(product_id))
