"""`{% return_refusal order as refusal %}`: why the order can't be returned now, or "" when it can."""
from django import template

from ..rules import order_refusal

register = template.Library()


@register.simple_tag
def return_refusal(order):
    return order_refusal(order) or ""
