"""Attribute values as the database engine filters and searches them.

A product sold in versions is one result: a value a public version carries (its colour,
its size) counts for the parent, as the search engines' documents count it.
"""
from django.db.models import Q, TextField
from django.db.models.functions import Coalesce
from oscar.core.loading import get_model

ProductAttributeValue = get_model("catalogue", "ProductAttributeValue")

SEARCHED_TYPES = ["text", "option", "multi_option"]  # the types the engines' documents carry


def attribute_values(code=None):
    """Text and option values, with the shown value as `value`; one attribute's when `code` is given."""
    values = ProductAttributeValue.objects.annotate(
        value=Coalesce("value_text", "value_option__option", output_field=TextField()))
    return values.filter(attribute__code=code) if code else values


def owned_by(values):
    """Products that have one of these values, or whose public version has one."""
    return Q(pk__in=values.values("product_id")) | Q(
        pk__in=values.filter(product__is_public=True).exclude(product__parent=None).values("product__parent_id"))


def with_attribute(code, values):
    """Products that have, or have a public version with, one of `values` for attribute `code`."""
    return owned_by(attribute_values(code).filter(value__in=values))


def with_attribute_word(word):
    """Products with a searched value (their own or a version's) holding a word that starts
    with `word`: "oat" finds "Oatmeal", "rust" finds "Burnt rust", "ash" doesn't find "Washed"."""
    values = attribute_values().filter(attribute__type__in=SEARCHED_TYPES).filter(
        Q(value__istartswith=word) | Q(value__icontains=" " + word))
    return owned_by(values)
