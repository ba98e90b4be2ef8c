"""{% live_story product as story %}: the story editors wrote for this product, if it is live.

The product page renders it in a shared fragment that notes `story` for the product
(forgotten when the story is published, unpublished or deleted: content/product_stories.py).
"""
from django import template

from content.product_stories import live_story as find_live_story

register = template.Library()


@register.simple_tag
def live_story(product):
    return find_live_story(product)
