"""Products sold in versions (Oscar's parent and child products), as listings and lines show them.

{% variant_from request product as cheapest %}: the purchase info of a parent's cheapest
child a shopper can buy now (of its cheapest child at all when every one is sold out),
priced by the shop's strategy so a card's "from $X" matches the product page.

{{ product|chosen_attributes }}: [(name, value)] of the version in a basket or order
line ("Size", "Large"), so a shopper sees which one they picked. Weight is left out:
shipping reads it, the shopper didn't choose it.
"""
from django import template
from oscar.core.loading import get_class

from commerce.order import versions

register = template.Library()
Selector = get_class("partner.strategy", "Selector")


@register.simple_tag
def variant_from(request, product):
    if product is None or not product.is_parent:
        return None
    strategy = getattr(request, "strategy", None) or Selector().strategy(request=request)
    offers = []
    for child in product.children.all():  # prefetched with their stock records by listings
        if not child.is_public:
            continue
        info = strategy.fetch_for_product(child)
        if info.price.exists:
            offers.append((not info.availability.is_available_to_buy, info.price.excl_tax, info))
    return min(offers, key=lambda offer: offer[:2])[2] if offers else None


register.filter("chosen_attributes", versions.chosen_attributes)
register.filter("chosen_summary", versions.chosen_summary)


@register.filter
def chosen_versions(order):
    """[(line title, chosen attributes)] for an order's lines that hold one version of a product."""
    lines = ((line.title, versions.chosen_summary(line.product)) for line in order.lines.select_related("product"))
    return [(title, chosen) for title, chosen in lines if chosen]
