"""Forget every cached page when something a storefront page shows has changed.

Products, prices and stock (partner), categories, offers and vouchers, reviews, and all
Wagtail content (pages, images, snippets, site settings) are watched. The cache is
emptied after the transaction commits: a rolled-back change costs nothing, and no request
can cache the old state after the new one is visible.

A stock record is the exception that keeps a sale from emptying the cache with every
order: Oscar's allocation, consumption and release send save signals, but a shopper sees
only a record's price and its stock line (out of stock, "Only N left" up to
ONLY_N_LEFT_UP_TO, or in stock: templates/commerce/partials/availability.html). Its
change forgets the pages only when one of those changes; selling one jar of ten keeps
every page.
"""
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting

from .store import forget_all_pages

WATCHED_APPS = {"catalogue", "partner", "offer", "voucher", "reviews",
                "wagtailcore", "wagtailimages", "wagtailsnippets", "taggit", "content"}
STOCK_RECORD = "partner.StockRecord"
ONLY_N_LEFT_UP_TO = 3  # availability.html says "Only N left" from this many down
SHOWN_FIELDS = ("product_id", "partner_id", "price_currency", "price", "num_in_stock", "num_allocated")


def shown(values):
    """What a shopper can see of one stock record's row (a dict of SHOWN_FIELDS)."""
    if values is None:
        return None
    in_stock = values["num_in_stock"] or 0
    level = in_stock - (values["num_allocated"] or 0) if values["num_allocated"] is not None else in_stock
    line = "out" if level <= 0 else level if level <= ONLY_N_LEFT_UP_TO else "in stock"
    return values["product_id"], values["partner_id"], values["price_currency"], values["price"], line


def _stored(sender, instance):
    return sender._default_manager.filter(pk=instance.pk).values(*SHOWN_FIELDS).first()


def _stock_saving(sender, instance, raw=False, **kwargs):
    if sender._meta.label == STOCK_RECORD and instance.pk and not raw:
        instance._shown_before = shown(_stored(sender, instance))


def _changed(sender, instance=None, created=False, **kwargs):
    # Site settings are created with their defaults the first time a page reads them: nothing shown changes.
    if created and issubclass(sender, (BaseSiteSetting, BaseGenericSetting)):
        return
    if sender._meta.app_label not in WATCHED_APPS:
        return
    if kwargs.get("signal") is post_save and sender._meta.label == STOCK_RECORD and not created:
        before = instance.__dict__.pop("_shown_before", None)
        if before is not None and before == shown(_stored(sender, instance)):
            return  # the same price and stock line on every page
    # A rolled-back transaction drops this with the rest. Forgetting is one cache write,
    # so a transaction that saves many rows just writes a few more.
    transaction.on_commit(forget_all_pages)


def connect():
    pre_save.connect(_stock_saving, dispatch_uid="pagecache-stock-saving")
    post_save.connect(_changed, dispatch_uid="pagecache-saved")
    post_delete.connect(_changed, dispatch_uid="pagecache-deleted")
    m2m_changed.connect(_changed, dispatch_uid="pagecache-m2m")
