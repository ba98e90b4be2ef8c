"""Celery tasks that draw pictures: idempotent (only missing sizes are made), safe to retry."""
from celery import shared_task

from pagecache.store import forget_all_pages

from . import renditions, thumbnails


@shared_task(acks_late=True, ignore_result=True)
def make_product_thumbnails(source_name, specs=None, force=False):
    """Every storefront size of one product picture (or just `specs`: [[geometry, options], …])."""
    made = thumbnails.make_thumbnails(source_name, specs, force=force)
    if made:
        pages_show_new_pictures()
    return made


@shared_task(acks_late=True, ignore_result=True)
def make_page_image_renditions(image_id):
    """Every rendition the page templates use, for one Wagtail image."""
    return renditions.make_renditions(image_id)


def pages_show_new_pictures():
    """Pages cached while a picture was still the original (pagecache/) are stored again with srcset.

    New renditions need nothing: they are Wagtail image rows, which the page cache watches.
    """
    forget_all_pages()
