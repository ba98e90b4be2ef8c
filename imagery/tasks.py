"""Celery tasks that draw pictures (idempotent: only missing sizes are made, safe to retry),
and the entry points the site queues them with.

Uploads (imagery.receivers), page views (imagery.pictures) and Oscar's thumbnail tag
(imagery.thumbnailer) queue through `queue_thumbnails` / `queue_renditions`; the drawing
itself is imagery.thumbnails and imagery.renditions, which never import this module. With
the broker down nothing is kept: the next view queues the picture again, and
`manage.py make_thumbnails` makes whatever is still missing.
"""
from celery import shared_task
from sorl.thumbnail.helpers import serialize, tokey

from config.background import rebuild
from pagecache.invalidation import forget_products
from pagecache.store import forget_all_pages

from . import renditions, thumbnails
from .queueing import queue_once

REPAIRED_BY = rebuild("the next page view or manage.py make_thumbnails")


@shared_task(acks_late=True, ignore_result=True, broker_down=REPAIRED_BY)
def make_product_thumbnails(source_name, specs=None, force=False):
    """Every storefront size of one product picture (or just `specs`: [[geometry, options], …])."""
    made = thumbnails.make_thumbnails(source_name, specs, force=force)
    if made:
        pages_show_new_pictures(source_name)
    return made


@shared_task(acks_late=True, ignore_result=True, broker_down=REPAIRED_BY)
def make_page_image_renditions(image_id):
    """Every rendition the page templates use, for one Wagtail image."""
    return renditions.make_renditions(image_id)


def queue_thumbnails(source, specs=None, *, always=False, force=False):
    """Have a worker make a product picture's thumbnails after this transaction commits.

    From a page view (`always` off) a picture is queued once per QUEUED_FOR however many
    shoppers see it missing; an upload always queues. `force` redraws them (make_thumbnails).
    """
    if not source:
        return False
    return queue_once("imagery:queued:" + tokey(source, serialize(specs)), make_product_thumbnails,
                      source, specs, force, always=always)


def queue_renditions(image_id, *, always=False):
    """Have a worker make every page rendition of one Wagtail image after this transaction commits."""
    return queue_once(f"imagery:renditions-queued:{image_id}", make_page_image_renditions, image_id, always=always)


def pages_show_new_pictures(source_name=None):
    """Pages cached while a picture was still the original (pagecache/) are stored again with
    srcset: those showing the products with this picture, or every page (no `source_name`,
    or a picture no product has any more).

    New renditions need nothing: they are Wagtail image rows, which the page cache watches.
    """
    from oscar.core.loading import get_model

    products = set(get_model("catalogue", "ProductImage").objects.filter(original=source_name)
                   .values_list("product_id", flat=True)) if source_name else set()
    if products:
        forget_products(products)
    else:
        forget_all_pages()
