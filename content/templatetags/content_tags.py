"""Template tags every page shares: Open Graph/SEO tags and breadcrumbs.

`{% seo_meta %}` in base.html describes whatever the page is about — a Wagtail page,
an Oscar product or category — so shared links show a title, summary and picture.
"""
from django import template
from django.conf import settings
from django.utils.html import strip_tags
from django.utils.text import Truncator

from imagery.pictures import page_picture

register = template.Library()

DESCRIPTION_CHARS = 200


def _first(*values):
    return next((v for v in values if v), "")


def _page_meta(page, request):
    image = _first(getattr(page, "hero_image", None), getattr(page, "banner_image", None))
    return {
        "title": page.seo_title or page.title,
        "description": _first(page.search_description, getattr(page, "intro", ""), getattr(page, "banner_text", "")),
        # Made at upload (imagery/); looked up, never drawn while the page renders.
        "image": page_picture(image, "share").src if image else "",
        "type": "article" if page.specific_class.__name__ == "BlogPage" else "website",
        "url": page.get_url(request),
    }


def _product_meta(product):
    image = product.primary_image()  # a dict when the product has no picture
    original = None if isinstance(image, dict) else image.original
    return {
        "title": product.get_meta_title(),
        "description": product.get_meta_description(),
        "image": original.url if original else "",
        "type": "product",
        "url": product.get_absolute_url(),
    }


def describe(context):
    """Title, description, picture, type and URL of what this page is about."""
    request = context.get("request")
    page, product, category = context.get("page"), context.get("product"), context.get("category")
    cached = context.render_context.get("content_seo_meta")
    if cached is not None:
        return cached
    # The dashboard's create views carry unsaved products and categories: those have no URL yet.
    if getattr(product, "pk", None) and hasattr(product, "get_meta_title"):
        meta = _product_meta(product)
    elif getattr(category, "pk", None) and hasattr(category, "get_descendants_and_self"):
        meta = {"title": category.name, "description": category.description, "type": "website",
                "url": category.get_absolute_url(), "image": category.image.url if category.image else ""}
    elif getattr(page, "pk", None) and hasattr(page, "search_description"):
        meta = _page_meta(page, request)
    else:
        meta = {"title": settings.SHOP_NAME, "description": settings.OSCAR_SHOP_TAGLINE, "type": "website",
                "url": request.path if request else "", "image": ""}
    meta["description"] = Truncator(strip_tags(meta["description"] or "")).chars(DESCRIPTION_CHARS)
    absolute = request.build_absolute_uri if request else (lambda u: u)
    meta["url"] = absolute(meta["url"]) if meta["url"] else ""
    meta["image"] = absolute(meta["image"]) if meta["image"] else ""
    meta["site_name"] = settings.SHOP_NAME
    context.render_context["content_seo_meta"] = meta
    return meta


@register.inclusion_tag("content/tags/seo_meta.html", takes_context=True)
def seo_meta(context):
    return describe(context)


@register.simple_tag(takes_context=True)
def seo_description(context):
    """The meta description for pages that don't write their own."""
    return describe(context)["description"]


@register.inclusion_tag("content/tags/breadcrumbs.html")
def breadcrumbs(page):
    """Home › … › this page, from the page tree (one query)."""
    # Plain Page rows are enough for a title and a URL; .specific would load each page again.
    ancestors = page.get_ancestors().filter(depth__gt=1) if page.depth > 2 else []
    return {"ancestors": ancestors, "page": page}
