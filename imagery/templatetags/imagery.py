"""Responsive <img> tags for the storefront that never draw a picture while the shopper waits.

    {% load imagery %}
    {% preload_product_images products "card" %}       {# once per listing: one look-up for all cards #}
    {% preload_images product.get_all_images "product" "basket" %}
    {% product_image product.primary_image "card" alt="" %}
    {% page_image page.hero_image "hero" loading="eager" class="hero-image" %}

Uses and their widths are in imagery/sizes.py. Extra keyword arguments become attributes
(`data_x` → `data-x`); `loading` defaults to lazy.
"""
from django import template

from ..pictures import page_picture, product_pictures
from ..thumbnails import source_name

register = template.Library()


def _memo(context):
    """Pictures already looked up in this request, so each is asked about once."""
    request = context.get("request")
    if request is None:
        return {}
    if not hasattr(request, "_imagery_pictures"):
        request._imagery_pictures = {}
    return request._imagery_pictures


@register.simple_tag(takes_context=True)
def product_image(context, image, use, **attrs):
    """A product picture (a ProductImage, or the dict `primary_image` gives a product without one)."""
    source = source_name(image)
    if not source:
        return ""
    memo = _memo(context)
    if (source, use) not in memo:
        memo.update(product_pictures([(source, use)]))
    return memo[source, use].img(**attrs)


@register.simple_tag(takes_context=True)
def preload_product_images(context, products, *uses):
    """Look up the primary pictures of a listing's products (or basket lines) at once, for the
    product_image tags below.

    Only products whose images were prefetched (search.listing and the basket do) are looked
    up here, so this never costs a query; any other picture is looked up by its own tag.
    """
    wanted = []
    for item in products or ():
        product = getattr(item, "product", item)  # a basket line gives its product
        prefetched = getattr(product, "_prefetched_objects_cache", {})
        if product is not None and "images" in prefetched and not product.is_child:
            wanted.append(source_name(product.primary_image()))
    _preload(context, wanted, uses)
    return ""


@register.simple_tag(takes_context=True)
def preload_images(context, images, *uses):
    """Look up several pictures (e.g. a product's gallery) at once, in each of `uses`."""
    _preload(context, [source_name(image) for image in images or ()], uses)
    return ""


def _preload(context, sources, uses):
    memo = _memo(context)
    wanted = [(source, use) for source in sources for use in uses if source and (source, use) not in memo]
    if wanted:
        memo.update(product_pictures(wanted))


@register.simple_tag
def page_image(image, use, **attrs):
    """A Wagtail image in one of the page uses; alt text as Wagtail's own {% image %} gives it."""
    if not image:
        return ""
    if getattr(image, "decorative", False):
        alt = ""
    else:
        alt = getattr(image, "contextual_alt_text", None) or image.default_alt_text
    attrs.setdefault("alt", alt)
    return page_picture(image, use).img(**attrs)
