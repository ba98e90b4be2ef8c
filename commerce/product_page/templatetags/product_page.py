"""What the product page tells a shopper, and what it tells search engines, from one source.

Prices and availability come from the request's pricing strategy (`request.strategy`),
exactly as Oscar's `purchase_info_for_product` gives them to the page, and a price is
shown the way commerce/partials/price.html shows it: with tax when the strategy knows the
tax, before tax otherwise. The JSON-LD is built from the same figures, so the two can't
disagree.

Canonical URLs: every product, a variant (child) included, is canonical at its own
address (`{% seo_meta %}` in content/templatetags/content_tags.py writes the link). A
variant's page is its own offer, with its own price, stock and picture; the parent's page
describes the group (ProductGroup) and lists each variant's URL in `hasVariant`, which is
how search engines tie the two together.
"""
import json
from dataclasses import dataclass
from decimal import Decimal

from django import template
from django.conf import settings
from django.urls import reverse
from django.utils.html import strip_tags
from django.utils.safestring import mark_safe

register = template.Library()

IN_STOCK, OUT_OF_STOCK = "https://schema.org/InStock", "https://schema.org/OutOfStock"
# Attribute codes a variant may differ by, and the schema.org property each one is.
SCHEMA_PROPERTIES = {"size": "size", "colour": "color", "color": "color", "material": "material",
                     "pattern": "pattern", "weight": "weight"}
# Characters that would let a value end the <script> element or open markup (as json_script does).
JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def shown_price(info):
    """The price the page shows for a strategy's purchase info, or None when there is none."""
    price = info.price
    if not price.exists:
        return None
    return price.incl_tax if price.is_tax_known else price.excl_tax


@dataclass
class VariantChoice:
    """One line of the variant picker: a child product with its own price, stock and picture."""

    product: object
    label: str
    info: object
    price: Decimal | None
    picture: object  # the child's own ProductImage, or None (the parent's gallery stands)

    @property
    def can_buy(self):
        return self.price is not None and self.info.availability.is_available_to_buy

    @property
    def stock_level(self):
        return self.info.stockrecord.net_stock_level if self.info.stockrecord else None


def _values(child):
    return {value.attribute.code: value for value in child.attribute_values.all()}


@register.simple_tag(takes_context=True)
def variant_choices(context, product):
    """The parent's public children as picker choices, in the order they were added.

    A choice is named by what sets it apart ("Double", not "Size: Double, Material: Linen"):
    the values of the attributes that differ between the variants.
    """
    strategy = context["request"].strategy
    children = list(product.get_public_children().order_by("date_created", "pk")
                    .prefetch_related("stockrecords", "images", "attribute_values__attribute"))
    values = [_values(child) for child in children]
    codes = {code for child_values in values for code in child_values}
    varying = sorted(code for code in codes if len({str(v[code].value) if code in v else None for v in values}) > 1)
    choices = []
    for child, child_values in zip(children, values, strict=True):
        label = " · ".join(str(child_values[code].value) for code in varying if code in child_values)
        info = strategy.fetch_for_product(child)
        images = list(child.images.all())
        choices.append(VariantChoice(child, label or child.attribute_summary or child.get_title(), info,
                                     shown_price(info), images[0] if images else None))
    return choices


@register.simple_tag
def first_buyable(choices):
    """The choice the picker starts on: the first that can be bought."""
    return next((choice for choice in choices if choice.can_buy), None)


@register.simple_tag
def description_of(product):
    """A product's description; a variant without one of its own has its parent's."""
    if not product.description and product.is_child:
        return product.parent.description
    return product.description


@register.simple_tag
def product_facts(product):
    """Attribute values worth showing a shopper (size, material, weight…), a variant's with its parent's."""
    return [value for value in product.get_attribute_values() if value.value not in (None, "")]


def _offer(info, url):
    price = shown_price(info)
    offer = {"@type": "Offer", "url": url,
             "availability": IN_STOCK if price is not None and info.availability.is_available_to_buy else OUT_OF_STOCK}
    if price is not None:
        offer.update(price=f"{price:.2f}", priceCurrency=info.price.currency)
    return offer


def _picture(product, absolute):
    image = product.primary_image()  # a dict when the product has no picture
    original = None if isinstance(image, dict) else image.original
    return absolute(original.url) if original else None


def _product(product, info, absolute):
    url = absolute(product.get_absolute_url())
    data = {"@type": "Product", "@id": url, "name": product.get_title(), "url": url}
    if product.upc:
        data["sku"] = product.upc
    description = description_of(product)
    if description:
        data["description"] = strip_tags(description).strip()
    picture = _picture(product, absolute)
    if picture:
        data["image"] = picture
    for value in product.get_attribute_values():
        prop = SCHEMA_PROPERTIES.get(value.attribute.code)
        if prop and value.value not in (None, ""):
            data[prop] = str(value.value)
    data["offers"] = _offer(info, url)
    return data


def _group(product, request, absolute):
    strategy = request.strategy
    url = absolute(product.get_absolute_url())
    variants = []
    varies_by = []
    for choice in variant_choices({"request": request}, product):
        variants.append(_product(choice.product, choice.info, absolute))
        for value in choice.product.attribute_values.all():
            prop = SCHEMA_PROPERTIES.get(value.attribute.code)
            term = f"https://schema.org/{prop}" if prop else value.attribute.name
            if term not in varies_by:
                varies_by.append(term)
    info = strategy.fetch_for_parent(product)  # the "from" price and stock the parent's page shows
    group = _product(product, info, absolute)
    group.update({"@type": "ProductGroup", "productGroupID": product.upc or str(product.pk),
                  "variesBy": varies_by, "hasVariant": variants})
    prices = [Decimal(v["offers"]["price"]) for v in variants if "price" in v["offers"]]
    offer = _offer(info, url)
    if prices:
        offer.update({"@type": "AggregateOffer", "lowPrice": offer.pop("price", f"{min(prices):.2f}"),
                      "highPrice": f"{max(prices):.2f}", "offerCount": len(prices)})
    group["offers"] = offer
    return group


def structured_data_for(product, request):
    """schema.org data for a product page: a Product, or a ProductGroup with its variants."""
    absolute = request.build_absolute_uri
    if product.is_parent:
        data = _group(product, request, absolute)
    else:
        data = _product(product, request.strategy.fetch_for_product(product), absolute)
        if product.is_child:  # a variant's own page names its group, whose page lists every option
            data["isVariantOf"] = {"@type": "ProductGroup", "@id": absolute(product.parent.get_absolute_url())}
    data["brand"] = {"@type": "Brand", "name": settings.SHOP_NAME}
    return {"@context": "https://schema.org", **data}


@register.simple_tag(takes_context=True)
def product_json_ld(context, product):
    """The product's JSON-LD <script>, escaped so no value can close the element."""
    payload = json.dumps(structured_data_for(product, context["request"]), ensure_ascii=False)
    return mark_safe(f'<script type="application/ld+json">{payload.translate(JSON_ESCAPES)}</script>')


@dataclass
class Crumb:
    name: str
    url: str


@register.simple_tag
def catalogue_trail(categories, current="", shop=True):
    """The breadcrumb's first links: the site root, the shop, then `categories` (a category's ancestors).

    The root reads "Home", unless a category on the trail, or `current` (the page's own
    name), is itself called "Home" (the demo's homeware department): it then reads the
    shop's name, so the trail never says "Home / Home".
    """
    categories = list(categories or ())
    names = [category.name for category in categories] + [str(current)]
    clash = any(name.strip().lower() == "home" for name in names)
    crumbs = [Crumb(settings.SHOP_NAME if clash else "Home", "/")]
    if shop:
        crumbs.append(Crumb("Shop", reverse("catalogue:index")))
    crumbs += [Crumb(category.name, category.get_absolute_url()) for category in categories]
    return crumbs
