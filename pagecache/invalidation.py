"""Forget every cached page when something a storefront page shows has changed.

Products, prices and stock (partner), categories, offers and vouchers, reviews, and all
Wagtail content (pages, images, snippets, site settings) are watched. Oscar's stock
allocation sends post_save too, so an order that sells the last unit empties the cache.
The cache is emptied after the transaction commits: a rolled-back change costs
nothing, and no request can cache the old state after the new one is visible.
"""
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting

from .store import forget_all_pages

WATCHED_APPS = {"catalogue", "partner", "offer", "voucher", "reviews",
                "wagtailcore", "wagtailimages", "wagtailsnippets", "taggit", "content"}


def _changed(sender, created=False, **kwargs):
    # Site settings are created with their defaults the first time a page reads them: nothing shown changes.
    if created and issubclass(sender, (BaseSiteSetting, BaseGenericSetting)):
        return
    if sender._meta.app_label in WATCHED_APPS:
        # A rolled-back transaction drops this with the rest. Forgetting is one cache write,
        # so a transaction that saves many rows just writes a few more.
        transaction.on_commit(forget_all_pages)


def connect():
    post_save.connect(_changed, dispatch_uid="pagecache-saved")
    post_delete.connect(_changed, dispatch_uid="pagecache-deleted")
    m2m_changed.connect(_changed, dispatch_uid="pagecache-m2m")
