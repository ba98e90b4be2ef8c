"""When catalogue or content changes, queue the engine's update for after the commit.

Every change in a transaction adds ids to one pending set; the first on-commit callback
sends them to Celery in batches and the rest find nothing to do. A rolled-back change
leaves its ids pending for the next commit, which is harmless: tasks re-read the rows.
With the broker down a batch is not kept (search.tasks: rebuild_search_index repairs the
index). The database engine needs none of this; it reads the live tables.
"""
import threading

from django.conf import settings
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from oscar.core.loading import get_model

from . import tasks

BATCH = 500
_state = threading.local()

Product = get_model("catalogue", "Product")
Category = get_model("catalogue", "Category")
ProductCategory = get_model("catalogue", "ProductCategory")
StockRecord = get_model("partner", "StockRecord")
ProductAttributeValue = get_model("catalogue", "ProductAttributeValue")


def _pending():
    if not hasattr(_state, "ids"):
        _state.ids = {"products": set(), "pages": set()}
    return _state.ids


def queue(kind, ids):
    if settings.SEARCH_ENGINE == "database":
        return
    ids = {pk for pk in ids if pk}
    if ids:
        _pending()[kind].update(ids)
        transaction.on_commit(flush)


def flush():
    """Runs after the commit, so each batch is handed over at once."""
    senders = {"products": tasks.update_products, "pages": tasks.update_pages}
    for kind, ids in _pending().items():
        batch = sorted(ids)
        ids.clear()
        for start in range(0, len(batch), BATCH):
            senders[kind].queue_now(batch[start:start + BATCH])  # a save never fails for the index


def _product_saved(sender, instance, **kwargs):
    queue("products", [instance.parent_id or instance.pk])


def _stock_changed(sender, instance, **kwargs):
    parent = Product.objects.filter(pk=instance.product_id).values_list("parent_id", flat=True).first()
    queue("products", [instance.product_id, parent])


def _attribute_changed(sender, instance, **kwargs):
    """A version's colour or size is on its parent's document: reindex the parent."""
    parent = Product.objects.filter(pk=instance.product_id).values_list("parent_id", flat=True).first()
    queue("products", [instance.product_id, parent])


def _placement_changed(sender, instance, **kwargs):
    queue("products", [instance.product_id])


def _categories_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action in ("post_add", "post_remove", "post_clear", "pre_clear"):
        if reverse:  # category.product_set.add(...) or clear()
            ids = pk_set if pk_set else ProductCategory.objects.filter(category=instance).values_list(
                "product_id", flat=True)
            queue("products", ids)
        else:
            queue("products", [instance.pk])


def _category_changed(sender, instance, **kwargs):
    """A renamed, moved or deleted category changes every product beneath it."""
    queue("products", ProductCategory.objects.filter(category__path__startswith=instance.path)
          .values_list("product_id", flat=True))


def _page_changed(sender, instance, **kwargs):
    queue("pages", [instance.pk])


def connect():
    from wagtail.models import Page
    from wagtail.signals import page_published, page_unpublished

    post_save.connect(_product_saved, sender=Product, dispatch_uid="search-product-saved")
    post_delete.connect(_product_saved, sender=Product, dispatch_uid="search-product-deleted")
    post_save.connect(_stock_changed, sender=StockRecord, dispatch_uid="search-stock-saved")
    post_delete.connect(_stock_changed, sender=StockRecord, dispatch_uid="search-stock-deleted")
    post_save.connect(_attribute_changed, sender=ProductAttributeValue, dispatch_uid="search-attribute-saved")
    post_delete.connect(_attribute_changed, sender=ProductAttributeValue, dispatch_uid="search-attribute-deleted")
    post_save.connect(_placement_changed, sender=ProductCategory, dispatch_uid="search-placement-saved")
    post_delete.connect(_placement_changed, sender=ProductCategory, dispatch_uid="search-placement-deleted")
    m2m_changed.connect(_categories_changed, sender=Product.categories.through, dispatch_uid="search-categories")
    post_save.connect(_category_changed, sender=Category, dispatch_uid="search-category-saved")
    pre_delete.connect(_category_changed, sender=Category, dispatch_uid="search-category-deleted")
    page_published.connect(_page_changed, dispatch_uid="search-page-published")
    page_unpublished.connect(_page_changed, dispatch_uid="search-page-unpublished")
    post_delete.connect(_page_changed, sender=Page, dispatch_uid="search-page-deleted")
