"""Prices as the shopper's market expects them: with VAT in for the UK once the shop knows the
order is going there, before tax everywhere else (commerce/tax/rules.py states the rule)."""
from django import template

from commerce.tax import rules
from commerce.tax.destination import included_rate

register = template.Library()


@register.simple_tag(takes_context=True)
def prices_include_tax(context):
    """The rate included in shown prices for this shopper's destination, or None."""
    request = context.get("request")
    return included_rate(request) if request is not None else None


@register.filter
def with_tax(amount, rate):
    """`amount` (before tax) with `rate` in; unchanged where no rate is included."""
    if rate is None or amount is None or amount == "":
        return amount
    return rules.with_tax(amount, rate)
