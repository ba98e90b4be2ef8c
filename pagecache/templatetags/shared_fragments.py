"""{% sharedfragment "name" vary… %}…{% endsharedfragment %}: a part of a page rendered once
for everybody and reused until the catalogue or content changes.

For signed-in shoppers, whom the page cache never serves, the listing, the product
details, the menu and the footer are the same for all; only the CSRF token in their
forms differs. The fragment is stored with the token it was rendered with, and that token
is swapped for the current visitor's on reuse. The key carries the page cache's
generation, so the same commit that forgets pages forgets fragments.
"""
import hashlib

from django import template
from django.conf import settings
from django.utils.safestring import mark_safe

from .. import store

register = template.Library()


class SharedFragmentNode(template.Node):
    def __init__(self, nodelist, parts):
        self.nodelist = nodelist
        self.parts = parts

    def render(self, context):
        seconds = settings.FRAGMENT_CACHE_SECONDS
        if not seconds:
            return self.nodelist.render(context)
        address = "|".join(str(part.resolve(context)) for part in self.parts)
        generation = store.generation_for(context.get("request"))
        key = f"fragment:v{store.FORMAT}:{generation}:{hashlib.sha256(address.encode()).hexdigest()}"
        entry = store.load(key)
        if entry is not None:
            html, token = entry
            return mark_safe(html.replace(token, str(context.get("csrf_token"))) if token else html)
        html = self.nodelist.render(context)
        token = str(context.get("csrf_token")) if "csrfmiddlewaretoken" in html else ""
        store.save(key, (str(html), token), seconds)
        return html


@register.tag("sharedfragment")
def shared_fragment(parser, token):
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("{% sharedfragment %} needs a name, then what the fragment varies on")
    nodelist = parser.parse(("endsharedfragment",))
    parser.delete_first_token()
    return SharedFragmentNode(nodelist, [parser.compile_filter(bit) for bit in bits[1:]])
