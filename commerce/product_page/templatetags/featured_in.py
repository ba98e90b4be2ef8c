"""{% featured_in product as stories %}: the live public pages that show this product.

The list comes from the index content/featuring.py keeps as pages are published, and
sits in a shared fragment that shows `featured` (forgotten when the index changes for
the product) and each listed page (forgotten when one is retitled or moved).
"""
from django import template

from content import featuring
from pagecache import labels

register = template.Library()


@register.simple_tag
def featured_in(product):
    stories = list(featuring.featuring_pages(product)[:featuring.SHOWN_ON_PRODUCT_PAGE])
    labels.note(*(labels.page(page.path) for page in stories))
    return stories
