"""{% basket_summary as basket %}: the header's basket count and total (commerce/basket/summary.py)."""
from django import template

from ..summary import header_summary

register = template.Library()


@register.simple_tag(takes_context=True)
def basket_summary(context):
    return header_summary(context["request"])
