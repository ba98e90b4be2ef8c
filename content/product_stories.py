"""Product stories on the storefront: which story a product page shows, and when it changes.

A product page shows its product's story only while the story is live; drafts, scheduled
revisions and unpublished stories stay in Wagtail. The page notes `story` for its product
(pagecache/labels.py), and publishing, unpublishing (by hand or at its expiry date) or
deleting a story forgets that label once the transaction commits, for the product it was
on and the one it is on now (an editor may move a story to another product). Saving a
draft changes nothing a shopper sees, so it forgets nothing.
"""
from django.db.models.signals import post_delete, pre_save
from wagtail.signals import published, unpublished

from content.models import ProductStory
from pagecache.invalidation import forget_stories


def live_story(product):
    """The product's live story; a variant without one of its own shows its parent's (editors
    choose among top-level products); None when neither has one."""
    ids = [product.pk, *([product.parent_id] if product.parent_id else [])]
    stories = {story.product_id: story for story in ProductStory.objects.live().filter(product_id__in=ids)}
    return next((stories[pk] for pk in ids if pk in stories), None)


def _saving(sender, instance, raw=False, **kwargs):
    if instance.pk and not raw:
        instance._product_before = (ProductStory.objects.filter(pk=instance.pk)
                                    .values_list("product_id", flat=True).first())


def _shown_change(sender, instance, **kwargs):
    forget_stories({instance.product_id, instance.__dict__.pop("_product_before", None)})


def connect():
    pre_save.connect(_saving, sender=ProductStory, dispatch_uid="product-story-saving")
    published.connect(_shown_change, sender=ProductStory, dispatch_uid="product-story-published")
    unpublished.connect(_shown_change, sender=ProductStory, dispatch_uid="product-story-unpublished")
    post_delete.connect(_shown_change, sender=ProductStory, dispatch_uid="product-story-deleted")
