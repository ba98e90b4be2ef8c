"""Show a result cell the way its column type says (money with the shop's currency)."""
from decimal import Decimal

from django import template
from django.contrib.humanize.templatetags.humanize import intcomma
from oscar.templatetags.currency_filters import currency

register = template.Library()


@register.filter
def report_cell(value, kind):
    if value is None or value == "":
        return "—"
    if kind == "money":
        return currency(Decimal(value))
    if kind == "percent":
        return f"{value}%"
    if kind == "int":
        return intcomma(value)
    return value


@register.filter
def column_types(table):
    return [c["type"] for c in table["columns"]]


@register.filter
def pairs(row, kinds):
    return zip(row, kinds, strict=False)
