"""Loads the demo's attributes, weights and products with versions (variants_data.py) into Oscar.

Like the rest of the catalogue: each row is looked up by its natural key (attribute code,
SKU, partner and SKU) and created only when missing, never updated, so a store built by
an older version gains its weights and variants and a second run writes nothing.
"""
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db.models import Count, Q
from oscar.core.loading import get_model
from oscar.core.utils import slugify

from . import catalogue_data as data
from . import variants_data as vdata
from .images import product_picture

Product = get_model("catalogue", "Product")
ProductAttribute = get_model("catalogue", "ProductAttribute")
ProductAttributeValue = get_model("catalogue", "ProductAttributeValue")
ProductCategory = get_model("catalogue", "ProductCategory")
ProductImage = get_model("catalogue", "ProductImage")
StockRecord = get_model("partner", "StockRecord")


def variants_complete():
    """True when every parent and child exists with its picture, every child with its stock
    record, and every demo product with its weight."""
    parents = [p.sku for p in vdata.PARENTS]
    children = [v.sku for _p, v in vdata.all_variants()]
    weighed = [s.sku for s in data.PRODUCTS] + children
    return (
        Product.objects.filter(upc__in=parents, structure=Product.PARENT).annotate(
            n_images=Count("images"), n_categories=Count("categories")).filter(
            n_images__gte=1, n_categories__gte=1).count() == len(parents)
        and Product.objects.filter(upc__in=children, structure=Product.CHILD).annotate(
            n_images=Count("images", distinct=True),
            n_stock=Count("stockrecords", filter=Q(stockrecords__partner__name=data.PARTNER_NAME), distinct=True),
        ).filter(n_images__gte=1, n_stock__gte=1).count() == len(children)
        and ProductAttributeValue.objects.filter(attribute__code=vdata.WEIGHT, product__upc__in=weighed)
        .values("product").distinct().count() == len(weighed)
    )


def ensure_attributes(product_class):
    """{code: ProductAttribute} for weight (a float, kg) and the attributes variants differ by."""
    attributes = {}
    for code, name, kind in [(vdata.WEIGHT, "Weight (kg)", ProductAttribute.FLOAT)] + [
            (code, name, ProductAttribute.TEXT) for code, name in vdata.ATTRIBUTES]:
        attributes[code], _ = ProductAttribute.objects.get_or_create(
            product_class=product_class, code=code, defaults={"name": name, "type": kind, "required": False})
    return attributes


def _set_if_missing(attribute, product, value):
    if not ProductAttributeValue.objects.filter(attribute=attribute, product=product).exists():
        attribute.save_value(product, value)


def ensure_weights(attributes):
    """Every standalone demo product that exists gets its weight, if it has none yet."""
    for product in Product.objects.filter(upc__in=[s.sku for s in data.PRODUCTS]).exclude(
            attribute_values__attribute=attributes[vdata.WEIGHT]):
        spec = next(s for s in data.PRODUCTS if s.sku == product.upc)
        attributes[vdata.WEIGHT].save_value(product, vdata.weight_of(spec))


def load_variants(product_class, partner, categories, attributes, advance=lambda: None):
    for spec in vdata.PARENTS:
        parent = Product.objects.filter(upc=spec.sku).first()
        if parent is None:
            parent = Product.objects.create(
                upc=spec.sku, title=spec.title, description=f"{spec.blurb} {data.CARE_NOTES[spec.categories[0]]}",
                product_class=product_class, structure=Product.PARENT, is_public=True)
        if not parent.categories.exists():
            for path in spec.categories:
                ProductCategory.objects.create(product=parent, category=categories[path])
        _picture(parent, spec.sku, spec.title)
        for variant in spec.variants:
            _child(parent, spec, variant, partner, attributes)
        advance()


def _child(parent, spec, variant, partner, attributes):
    child = Product.objects.filter(upc=variant.sku).first()
    if child is None:
        # No title of its own: it shows as its parent's, with its attributes beside it.
        child = Product.objects.create(upc=variant.sku, parent=parent, structure=Product.CHILD, is_public=True)
    _set_if_missing(attributes[spec.varies_by], child, variant.label)
    if spec.material:
        _set_if_missing(attributes["material"], child, spec.material)
    _set_if_missing(attributes[vdata.WEIGHT], child, variant.weight)
    if not StockRecord.objects.filter(product=child, partner=partner).exists():
        StockRecord.objects.create(
            product=child, partner=partner, partner_sku=variant.sku, price=Decimal(variant.price),
            price_currency=data.CURRENCY, num_in_stock=variant.num_in_stock,
            low_stock_threshold=data.LOW_STOCK_THRESHOLD)
    _picture(child, variant.sku, f"{spec.title}, {variant.label}")


def _picture(product, sku, caption):
    if not product.images.exists():
        image = ProductImage(product=product, caption=caption, display_order=0)
        image.original.save(f"{slugify(sku)}.png", ContentFile(picture_for(sku)), save=False)
        image.save()


def picture_for(sku):
    """The drawn picture of a demo parent or child, by its SKU (None when it isn't one)."""
    for spec in vdata.PARENTS:
        if spec.sku == sku:
            return product_picture(sku, spec.title, spec.categories[0][0])
        for variant in spec.variants:
            if variant.sku == sku:
                return product_picture(sku, f"{spec.title} {variant.label}", spec.categories[0][0], variant.colour)
    return None
