"""{% basket_summary as basket %}: the header's basket count and total (commerce/basket/summary.py)."""
from django import template
from django.conf import settings

from ..summary import header_summary, summary_of

register = template.Library()


@register.simple_tag(takes_context=True)
def basket_summary(context):
    request = context["request"]
    if not settings.FRAGMENT_CACHE_SECONDS:
        return summary_of(request.basket)
    return header_summary(request)
