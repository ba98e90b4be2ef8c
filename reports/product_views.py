"""Product views are counted by Celery after the page is sent, not while the shopper waits.

Oscar's analytics receiver writes three rows in the request that shows a product (the
product's view count, the shopper's, and a view record), and concurrent views of one
product queue on that product's counter row. The customer-behaviour report reads those
counters, so they are still kept, by Oscar's own receiver, in a task queued when the
view's transaction commits.

The task lives here, beside the receiver that queues it, and not in reports/tasks.py:
"reports.tasks.*" is routed to the reports queue, and a view count must not wait behind
report builds (CELERY_TASK_ROUTES). With the broker down the count is dropped: a product
page never fails for it.
"""
from celery import shared_task
from django.contrib.auth import get_user_model
from oscar.apps.analytics import receivers as oscar_analytics
from oscar.apps.catalogue.signals import product_viewed
from oscar.core.loading import get_model

from config.background import drop

Product = get_model("catalogue", "Product")


@shared_task(ignore_result=True, broker_down=drop("a product-view count"))
def record_product_view(product_id, user_id=None):
    product = Product.objects.filter(pk=product_id).first()
    if product is None:
        return  # deleted since it was viewed
    user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    oscar_analytics.receive_product_view(sender=None, product=product, user=user)


def queue_product_view(sender, product, user, **kwargs):
    if kwargs.get("raw", False):
        return
    user_id = user.pk if user is not None and user.is_authenticated else None
    record_product_view.queue_after_commit(product.pk, user_id)


def connect():
    product_viewed.disconnect(oscar_analytics.receive_product_view)
    product_viewed.connect(queue_product_view, dispatch_uid="reports-product-view")
