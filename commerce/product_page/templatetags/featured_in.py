"""{% featured_in product as stories %}: the live public pages that show this product.

The list comes from the index content/featuring.py keeps as pages are published. The
page notes `featured` (forgotten when the index changes for the product) and each listed
page (forgotten when one is retitled or moved). It is not a shared fragment: a promotion
joins or leaves the list when its window opens or closes, which only the page cache's
lifetime follows (settings.PAGE_CACHE_CHANGES_AT).
"""
from django import template

from content import featuring
from pagecache import labels

register = template.Library()


@register.simple_tag
def featured_in(product):
    stories = featuring.stories_featuring(product)
    labels.note(*(labels.page(page.path) for page in stories))
    return stories
