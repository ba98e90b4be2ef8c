"""Forget the cached pages that show what changed, once the transaction commits.

Products, prices and stock (partner), categories, offers and vouchers, reviews, and all
Wagtail content (pages, images, snippets, site settings) are watched. Forgetting waits
for the commit: a rolled-back change costs nothing, and no request can cache the old
state after the new one is visible. Which pages show a change is worked out after the
commit too, so checkout's row locks are never held for it.

Most changes are narrow, and forget only the labels of what they change
(pagecache/labels.py):

- a product, its pictures, attributes, recommendations or reviews: that product (and its
  parent, whose page and card show its variants); a product saved or moved between
  categories also forgets the listings of its categories, their ancestors, and every
  listing that isn't a category's (the catalogue, search answers);
- a stock record only when what a shopper sees of it changes (price, or stock line: out
  of stock, "Only N left" up to ONLY_N_LEFT_UP_TO, or in stock:
  templates/commerce/partials/availability.html). A price or an in-or-out change also
  forgets the listings (their order, price and stock filters and counts); selling one
  jar of ten forgets nothing;
- a content page: that page and its descendants (their breadcrumbs show it), the lists
  of its kind of page (the journal), and the menu and footer when it is in the menu or
  its title changed; a page moved, renamed in its address or deleted forgets everything;
- the index of which pages feature a product (content/featuring.py): that product's
  "Featured in" list, forgotten by the index itself when publishing changes it;
- a product story published, unpublished or deleted (content/product_stories.py): that
  product's story, forgotten by the story's own signals; its drafts forget nothing;
- an offer's or a voucher's usage counters (every order with a discount records them):
  nothing, unless the offer is then used up.

Everything else (categories, offers and vouchers edited, promotions, images, snippets,
settings, tags) forgets every page and fragment at once, as it may show anywhere.
"""
from django.db import transaction
from django.db.models import Q
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from oscar.core.loading import get_model
from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
from wagtail.models import Page

from . import labels, store

WATCHED_APPS = {"catalogue", "partner", "offer", "voucher", "reviews",
                "wagtailcore", "wagtailimages", "wagtailsnippets", "taggit", "content"}
ONLY_N_LEFT_UP_TO = 3  # availability.html says "Only N left" from this many down
SHOWN_FIELDS = ("product_id", "partner_id", "price_currency", "price", "num_in_stock", "num_allocated")
PAGE_FIELDS = ("url_path", "show_in_menus", "title")
# Rows no shopper sees: the merchandisers' low-stock alerts, Wagtail's revisions, logs and workflow.
NOTHING_SHOWN = {"partner.stockalert", "wagtailcore.revision", "wagtailcore.pagelogentry",
                 "wagtailcore.modellogentry", "wagtailcore.referenceindex", "wagtailcore.workflowstate",
                 "wagtailcore.taskstate", "wagtailcore.pagesubscription", "wagtailcore.comment",
                 "wagtailcore.commentreply", "wagtailcore.uploadedfile",
                 # content/featuring.py and content/product_stories.py forget what they change themselves
                 "content.featuredproduct", "content.productstory"}
PARTS_OF_A_PRODUCT = {"catalogue.productimage", "catalogue.productattributevalue", "reviews.productreview"}
# What recording an order's discount changes; the offer's status says when it is used up.
USAGE_COUNTERS = {"offer.conditionaloffer": {"num_applications", "total_discount", "num_orders"},
                  "voucher.voucher": {"num_basket_additions", "num_orders", "total_discount"}}
PROMOTIONS = {"content.promotionpage", "content.promotionindexpage"}  # they set offer windows: everything

Category = get_model("catalogue", "Category")
Product = get_model("catalogue", "Product")
ProductCategory = get_model("catalogue", "ProductCategory")


def shown(values):
    """What a shopper can see of one stock record's row (a dict of SHOWN_FIELDS)."""
    if values is None:
        return None
    in_stock = values["num_in_stock"] or 0
    level = in_stock - (values["num_allocated"] or 0) if values["num_allocated"] is not None else in_stock
    line = "out" if level <= 0 else level if level <= ONLY_N_LEFT_UP_TO else "in stock"
    return values["product_id"], values["partner_id"], values["price_currency"], values["price"], line


def _stored(sender, instance, fields):
    return sender._default_manager.filter(pk=instance.pk).values(*fields).first()


def _fields_before(sender):
    name = sender._meta.label_lower
    if name == "partner.stockrecord":
        return SHOWN_FIELDS
    if name in USAGE_COUNTERS:
        return [field.attname for field in sender._meta.concrete_fields]
    if issubclass(sender, Page):
        return PAGE_FIELDS
    return None


def _saving(sender, instance, raw=False, **kwargs):
    fields = _fields_before(sender)
    if fields and instance.pk and not raw:
        instance._stored_before = _stored(sender, instance, fields)


def _listings(product_ids, category_ids):
    """Every listing that holds these products or these categories' products."""
    paths = Category.objects.filter(Q(pk__in=category_ids) | Q(product__in=product_ids)).values_list("path", flat=True)
    steplen = Category.steplen
    prefixes = {path[:end] for path in paths for end in range(steplen, len(path) + 1, steplen)}
    ancestors = Category.objects.filter(path__in=prefixes).values_list("pk", flat=True) if prefixes else ()
    return {labels.listing(), *(labels.listing(pk) for pk in ancestors)}


def _forget_products(product_ids, category_ids=(), listings=True):
    """After the commit: these products (and their parents), and if `listings` the listings that hold them."""
    product_ids = {pk for pk in product_ids if pk}

    def forget():
        ids = product_ids | set(Product.objects.filter(pk__in=product_ids, parent__isnull=False)
                                .values_list("parent_id", flat=True))
        found = {labels.product(pk) for pk in ids}
        store.forget_labels(found | _listings(ids, category_ids) if listings else found)

    transaction.on_commit(forget)


def forget_products(product_ids):
    """These products' pages and cards (new picture sizes: they change no listing's order or counts)."""
    _forget_products(set(product_ids), listings=False)


def forget_listings_of(product_ids):
    """The listings holding these products, now (search answers built from an index that
    has just caught up with them: the commit forgot them, but the index may have lagged)."""
    store.forget_labels(_listings(set(product_ids), ()))


def forget_featuring(product_ids):
    """After the commit: the "Featured in" lists of these products (content/featuring.py)."""
    _forget({labels.featured_in(pk) for pk in product_ids if pk})


def forget_stories(product_ids):
    """After the commit: the stories shown on these products' pages (content/product_stories.py)."""
    _forget({labels.story(pk) for pk in product_ids if pk})


def _forget(found):
    transaction.on_commit(lambda: store.forget_labels(found))


def _forget_everything():
    # A rolled-back transaction drops this with the rest. Forgetting is one cache write,
    # so a transaction that saves many rows just writes a few more.
    transaction.on_commit(store.forget_all_pages)


def _stock_record(instance, before, deleted):
    after = None if deleted else shown({field: getattr(instance, field) for field in SHOWN_FIELDS})
    before = shown(before)
    if before == after:
        return  # the same price and stock line on every page
    same_listing = (before is not None and after is not None and before[:4] == after[:4]
                    and (before[4] == "out") == (after[4] == "out"))
    _forget_products({instance.product_id, *(before[:1] if before else ())}, listings=not same_listing)


def _page(instance, before, deleted):
    if deleted or (before is not None and before["url_path"] != instance.url_path):
        return _forget_everything()  # links to it, and to its descendants, are on other pages
    found = {labels.page(instance.path), labels.pages_of(instance.specific_class or type(instance))}
    in_menu_before = before is not None and (before["show_in_menus"] or before["title"] != instance.title)
    if instance.show_in_menus or in_menu_before:
        found.add(labels.MENU)
    _forget(found)


def _only_counted_usage(name, instance, before):
    if before is None:
        return False
    changed = {field for field, value in before.items() if getattr(instance, field) != value}
    return changed <= USAGE_COUNTERS[name]


def _multi_use(voucher_id):
    voucher = get_model("voucher", "Voucher")
    return voucher.objects.filter(pk=voucher_id, usage=voucher.MULTI_USE).exists()


def _changed(sender, instance=None, created=False, **kwargs):
    # Site settings are created with their defaults the first time a page reads them: nothing shown changes.
    if created and issubclass(sender, (BaseSiteSetting, BaseGenericSetting)):
        return
    if sender._meta.app_label not in WATCHED_APPS:
        return
    name = sender._meta.label_lower
    deleted = kwargs.get("signal") is post_delete
    before = instance.__dict__.pop("_stored_before", None)
    if name in NOTHING_SHOWN:
        return
    if name == "partner.stockrecord":
        return _stock_record(instance, None if created else before, deleted)
    if name in USAGE_COUNTERS and not deleted and _only_counted_usage(name, instance, before):
        return
    if name == "voucher.voucherapplication" and _multi_use(instance.voucher_id):
        return  # the voucher stays usable for everybody
    if name == "catalogue.product":
        return _forget_products({instance.pk, instance.parent_id}) if deleted else _forget_products({instance.pk})
    if name == "catalogue.productcategory":
        return _forget_products({instance.product_id}, {instance.category_id})
    if name == "catalogue.productrecommendation":
        return _forget_products({instance.primary_id}, listings=False)
    if name in PARTS_OF_A_PRODUCT:
        return _forget_products({instance.product_id}, listings=False)
    if issubclass(sender, Page) and name not in PROMOTIONS and \
            (instance.specific_class or sender)._meta.label_lower not in PROMOTIONS:
        return _page(instance, None if created else before, deleted)
    _forget_everything()


def _categories_changed(sender, instance, action, pk_set=None, **kwargs):
    """Products put in or taken out of categories with `product.categories.add()` and the like."""
    if not action.startswith("post_") or sender._meta.app_label not in WATCHED_APPS:
        return
    if sender is ProductCategory and action != "post_clear" and pk_set:
        if isinstance(instance, Product):
            return _forget_products({instance.pk}, pk_set)
        return _forget_products(pk_set, {instance.pk})
    _forget_everything()


def connect():
    pre_save.connect(_saving, dispatch_uid="pagecache-saving")
    post_save.connect(_changed, dispatch_uid="pagecache-saved")
    post_delete.connect(_changed, dispatch_uid="pagecache-deleted")
    m2m_changed.connect(_categories_changed, dispatch_uid="pagecache-m2m")
