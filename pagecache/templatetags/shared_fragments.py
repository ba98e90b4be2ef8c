"""{% sharedfragment "name" vary… %}…{% endsharedfragment %}: a part of a page rendered once
for everybody and reused until the catalogue or content changes.

For signed-in shoppers, whom the page cache never serves, the listing, the product
details, the menu and the footer are the same for all; only the CSRF token in their
forms differs. The fragment is stored with the token it was rendered with, and that token
is swapped for the current visitor's on reuse. The key carries the page cache's
generation, so the same commit that forgets pages forgets fragments.

`{% shows "product" product %}`, `{% shows "listing" category %}` and `{% shows "menu" %}`
say what a part of a page shows (pagecache/labels.py), so that a change to it, and only
to it, forgets the pages and fragments around.

A fragment is rendered without the viewer (pagecache/viewerless.py): what belongs to the
person looking (their wish lists, staff links, stock alerts) goes outside it.
"""
import logging

from django import template
from django.conf import settings
from django.utils.safestring import mark_safe

from .. import labels, store
from ..viewerless import PerViewerContent, viewerless_names

register = template.Library()
logger = logging.getLogger("pagecache")


class SharedFragmentNode(template.Node):
    def __init__(self, name, nodelist, parts):
        self.name = name
        self.nodelist = nodelist
        self.parts = parts

    def render(self, context):
        def rendered():
            with context.push(viewerless_names(context)):
                html = str(self.nodelist.render(context))
            return html, (str(context.get("csrf_token")) if "csrfmiddlewaretoken" in html else "")

        parts = [part.resolve(context) for part in self.parts]
        try:
            html, token = store.shared("fragment", context.get("request"), parts, rendered)
        except PerViewerContent as exc:
            if settings.SHARED_FRAGMENTS_STRICT:
                raise
            # Shown to this viewer only, never stored: a template change put viewer data in it.
            logger.error("Shared fragment %s rendered per viewer: %s", self.name, exc)
            return self.nodelist.render(context)
        return mark_safe(html.replace(token, str(context.get("csrf_token"))) if token else html)


@register.tag("sharedfragment")
def shared_fragment(parser, token):
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("{% sharedfragment %} needs a name, then what the fragment varies on")
    nodelist = parser.parse(("endsharedfragment",))
    parser.delete_first_token()
    return SharedFragmentNode(bits[1], nodelist, [parser.compile_filter(bit) for bit in bits[1:]])


SHOWN = {
    "product": lambda product: labels.product(getattr(product, "pk", product)),
    "listing": lambda category: labels.listing(getattr(category, "pk", category)),
    "menu": lambda _: labels.MENU,
    "featured": lambda product: labels.featured_in(getattr(product, "pk", product)),
    "story": lambda product: labels.story(getattr(product, "pk", product)),
}


@register.simple_tag
def shows(kind, thing=None):
    """Notes that this part of the page shows `thing` (a product, a category's listing, the menu)."""
    labels.note(SHOWN[kind](thing))
    return ""


@register.simple_tag(takes_context=True)
def shared_basket_form(context, product):
    """Oscar's add-to-basket form for a product, built without the viewer's basket (its
    fields don't depend on what is in it; the basket is checked when the form is posted)."""
    from oscar.core.loading import get_class, get_model

    form_class = get_class("basket.forms", "SimpleAddToBasketForm")
    basket = get_model("basket", "Basket")()
    basket.strategy = context["request"].strategy
    return form_class(basket, product=product, initial={} if product.is_parent else {"product_id": product.id})
