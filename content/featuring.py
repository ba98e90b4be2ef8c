"""Which live pages feature a product, kept in step with publishing.

The storefront's "Featured in" list and the merchandiser's warning before hiding a
product both need to know, for one product, which live pages show it. Reading every
page's StreamField for that would scan the whole site, so each publish records what the
page's live blocks embed (content.FeaturedProduct), and unpublishing or deleting a page
drops its rows. Only products an editor chose and the page shows count: a product block's
product, a hand-picked grid's products and a promotion's picked products; a grid drawn
from a category or a range shows whatever the catalogue holds and features nothing.

A change to the index forgets the product pages that list it (pagecache/labels.py
`featured_in`) once the transaction commits. `rebuild` fills it for pages published
before it existed (manage.py rebuild_featured_products).
"""
from django.db import transaction
from django.db.models.signals import pre_delete
from oscar.core.loading import get_model
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished

from content.blocks.shoppable import ProductBlock, ProductGridBlock
from content.choosers import LiveProductChooserBlock
from content.models import FeaturedProduct
from pagecache.invalidation import forget_featuring

SHOWN_ON_PRODUCT_PAGE = 5  # stories listed under "Featured in"


def _item(value):
    """A list block's item, stored either bare or as {"type": "item", "value": …}."""
    return value.get("value") if isinstance(value, dict) else value


def stream_blocks(page):
    """(block, block name, raw value) for each top-level item of the page's current StreamFields."""
    page = page.specific
    for field in page._meta.get_fields():
        if isinstance(field, StreamField):
            for item in list(getattr(page, field.name).raw_data):
                block = field.stream_block.child_blocks.get(item.get("type"))
                if block is not None:
                    yield block, item["type"], item.get("value")


def embedded(page):
    """(product id, block name) for each product the page's blocks show, deleted ones included."""
    for block, name, value in stream_blocks(page):
        if isinstance(block, ProductBlock) and isinstance(value, dict):
            yield value.get("product"), name
        elif isinstance(block, ProductGridBlock) and isinstance(value, dict) and value.get("source") == "picked":
            for product in value.get("products") or ():
                yield _item(product), name
        elif isinstance(block, LiveProductChooserBlock):
            yield value, name


def products_on(page):
    """{(product id, block name)} that the page's current content shows, for products that exist."""
    found = {(pk, name) for pk, name in embedded(page) if isinstance(pk, int)}
    existing = set(get_model("catalogue", "Product").objects.filter(pk__in={pk for pk, _ in found})
                   .values_list("pk", flat=True))
    return {(pk, name) for pk, name in found if pk in existing}


def record(page):
    """Make the index say what this live page shows now; forget the product pages concerned."""
    before = set(FeaturedProduct.objects.filter(page=page).values_list("product_id", "block_type"))
    after = products_on(page) if page.live else set()
    for pk, name in before - after:
        FeaturedProduct.objects.filter(page=page, product_id=pk, block_type=name).delete()
    FeaturedProduct.objects.bulk_create(
        [FeaturedProduct(page_id=page.pk, product_id=pk, block_type=name) for pk, name in after - before])
    # Every product it shows, not only those added or dropped: a republished page moves up the list.
    forget_featuring({pk for pk, _ in before | after})


def drop(page):
    forget_featuring(set(FeaturedProduct.objects.filter(page=page).values_list("product_id", flat=True)))
    FeaturedProduct.objects.filter(page=page).delete()


def featuring_pages(product, public=True):
    """The live pages (only the public ones unless `public` is False) that feature this product, newest first."""
    pages = Page.objects.live().filter(featured_products__product=product)
    return (pages.public() if public else pages).distinct().order_by("-last_published_at", "-pk").specific()


def stories_featuring(product):
    """What the product page lists: the newest live public pages featuring it, a promotion only
    while it runs (before, it is not public; after, it says it has ended)."""
    stories = []
    for page in featuring_pages(product).iterator():
        if getattr(page, "is_running", True):
            stories.append(page)
        if len(stories) == SHOWN_ON_PRODUCT_PAGE:
            break
    return stories


def rebuild(pages=None):
    """Record every live page (or `pages`) afresh, dropping rows of pages no longer live; returns
    how many pages were looked at."""
    count = 0
    with transaction.atomic():
        if pages is None:
            FeaturedProduct.objects.exclude(page__live=True).delete()
        for page in (pages if pages is not None else Page.objects.live().specific().iterator()):
            record(page)
            count += 1
    return count


def _published(sender, instance, **kwargs):
    record(instance)


def _unpublished(sender, instance, **kwargs):
    drop(instance)


def _deleting(sender, instance, **kwargs):
    drop(instance)


def connect():
    page_published.connect(_published, dispatch_uid="featuring-published")
    page_unpublished.connect(_unpublished, dispatch_uid="featuring-unpublished")
    pre_delete.connect(_deleting, sender=Page, dispatch_uid="featuring-deleting")
