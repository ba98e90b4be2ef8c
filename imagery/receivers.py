"""Uploads queue their pictures' sizes: a product picture's thumbnails, a Wagtail image's renditions.

The work is sent after the upload commits, so the worker finds the row and the file.
"""
from django.db.models.signals import post_save
from oscar.core.loading import get_model
from wagtail.images import get_image_model

from .tasks import queue_renditions, queue_thumbnails


def _product_image_saved(sender, instance, raw=False, **kwargs):
    if not raw and instance.original:
        queue_thumbnails(instance.original.name, always=True)


def _page_image_saved(sender, instance, raw=False, **kwargs):
    # Also after a new file or focal point: Wagtail drops the renditions that no longer fit.
    if not raw:
        queue_renditions(instance.pk, always=True)


def connect():
    post_save.connect(_product_image_saved, sender=get_model("catalogue", "ProductImage"),
                      dispatch_uid="imagery-product-image")
    post_save.connect(_page_image_saved, sender=get_image_model(), dispatch_uid="imagery-page-image")
