"""{% sharedfragment "name" vary… %}…{% endsharedfragment %}: a part of a page rendered once
for everybody and reused until the catalogue or content changes.

For signed-in shoppers, whom the page cache never serves, the listing, the product
details, the menu and the footer are the same for all; only the CSRF token in their
forms differs. The fragment is stored with the token it was rendered with, and that token
is swapped for the current visitor's on reuse. The key carries the page cache's
generation, so the same commit that forgets pages forgets fragments.
"""
from django import template
from django.utils.safestring import mark_safe

from .. import store

register = template.Library()


class SharedFragmentNode(template.Node):
    def __init__(self, nodelist, parts):
        self.nodelist = nodelist
        self.parts = parts

    def render(self, context):
        def rendered():
            html = self.nodelist.render(context)
            return str(html), (str(context.get("csrf_token")) if "csrfmiddlewaretoken" in html else "")

        parts = [part.resolve(context) for part in self.parts]
        html, token = store.shared("fragment", context.get("request"), parts, rendered)
        return mark_safe(html.replace(token, str(context.get("csrf_token"))) if token else html)


@register.tag("sharedfragment")
def shared_fragment(parser, token):
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("{% sharedfragment %} needs a name, then what the fragment varies on")
    nodelist = parser.parse(("endsharedfragment",))
    parser.delete_first_token()
    return SharedFragmentNode(nodelist, [parser.compile_filter(bit) for bit in bits[1:]])
