"""{% touch_token page block_name as touch %}: the add-to-basket form's token naming this page and block.

Only the page and the block go in, never the viewer, so the token is safe in a page
cached for everyone (attribution/touches.py). Empty outside a saved page (e.g. a preview
of a page never saved), where there is nothing to attribute to.
"""
from django import template

from attribution.touches import touch_token as sign

register = template.Library()


@register.simple_tag
def touch_token(page, block_name):
    page_id = getattr(page, "pk", None)
    return sign(page_id, block_name) if page_id and block_name else ""
