"""Product views are counted by Celery after the page is sent, not while the shopper waits.

Oscar's analytics receiver writes three rows in the request that shows a product (the
product's view count, the shopper's, and a view record), and concurrent views of one
product queue on that product's counter row. The customer-behaviour report reads those
counters, so they are still kept, by Oscar's own receiver, in a task queued when the
view's transaction commits.
"""
import logging

from celery import shared_task
from django.contrib.auth import get_user_model
from django.db import transaction
from oscar.apps.analytics import receivers as oscar_analytics
from oscar.apps.catalogue.signals import product_viewed
from oscar.core.loading import get_model

logger = logging.getLogger(__name__)
Product = get_model("catalogue", "Product")


# Named outside "reports.tasks.*" so it runs on the default queue, not behind report builds.
@shared_task(name="reports.counters.record_product_view", ignore_result=True)
def record_product_view(product_id, user_id=None):
    product = Product.objects.filter(pk=product_id).first()
    if product is None:
        return  # deleted since it was viewed
    user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    oscar_analytics.receive_product_view(sender=None, product=product, user=user)


def _send(product_id, user_id):
    try:
        record_product_view.delay(product_id, user_id)
    except Exception as exc:  # noqa: BLE001  a lost view count must never break the page
        logger.warning("Could not queue a product view (%s: %s)", type(exc).__name__, exc)


def queue_product_view(sender, product, user, **kwargs):
    if kwargs.get("raw", False):
        return
    user_id = user.pk if user is not None and user.is_authenticated else None
    transaction.on_commit(lambda: _send(product.pk, user_id))


def connect():
    product_viewed.disconnect(oscar_analytics.receive_product_view)
    product_viewed.connect(queue_product_view, dispatch_uid="reports-product-view")
