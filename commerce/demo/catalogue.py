"""Loads the demo catalogue (catalogue_data.py) into Oscar: categories, products, stock, images.

Everything is looked up by its natural key before it is created: a category by its
slug under its parent, a product by its SKU (stored as the UPC), a stock record by
partner and SKU. Existing rows are never updated, so prices or stock a merchandiser
changed in the dashboard survive a restart of the site.
"""
import random
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Count, Q
from oscar.core.loading import get_model
from oscar.core.utils import slugify

from commandline.progress import Progress
from imagery.tasks import queue_thumbnails

from . import catalogue_data as data
from . import variants_data as vdata
from .images import product_picture
from .variants import ensure_attributes, ensure_weights, load_variants, picture_for, variants_complete

Category = get_model("catalogue", "Category")
Product = get_model("catalogue", "Product")
ProductClass = get_model("catalogue", "ProductClass")
ProductCategory = get_model("catalogue", "ProductCategory")
ProductImage = get_model("catalogue", "ProductImage")
Partner = get_model("partner", "Partner")
StockRecord = get_model("partner", "StockRecord")
StockAlert = get_model("partner", "StockAlert")


def load_catalogue(stream, *, verbose=True):
    """Create whatever part of the demo catalogue is missing; quick when nothing is."""
    with Progress(stream, "Categories", len(data.CATEGORIES), enabled=verbose) as bar:
        categories = _existing_categories()
        if categories is not None:
            bar.finish("already there")
        else:
            with transaction.atomic():
                categories = {}
                for spec in data.CATEGORIES:
                    categories[spec.path] = _get_or_create_category(spec, categories)
                    bar.advance()

    with Progress(stream, "Products", len(data.PRODUCTS), enabled=verbose) as bar:
        if _products_complete():
            restored = restore_missing_image_files()
            bar.finish(f"already there, {restored} missing image files redrawn" if restored else "already there")
        else:
            with transaction.atomic():
                product_class = _goods_class()
                partner, _ = Partner.objects.get_or_create(name=data.PARTNER_NAME)
                stock_levels = _stock_levels()
                for spec in data.PRODUCTS:
                    _get_or_create_product(spec, product_class, partner, stock_levels[spec.sku], categories)
                    bar.advance()

    with Progress(stream, "Variants and weights", len(vdata.PARENTS), enabled=verbose) as bar:
        if variants_complete():
            bar.finish("already there")
            return
        with transaction.atomic():
            product_class = _goods_class()
            partner, _ = Partner.objects.get_or_create(name=data.PARTNER_NAME)
            attributes = ensure_attributes(product_class)
            ensure_weights(attributes)
            load_variants(product_class, partner, categories, attributes, advance=bar.advance)


def _existing_categories():
    """Every demo category by path, or None when any is missing."""
    try:
        return {spec.path: _find_category(spec.path) for spec in data.CATEGORIES}
    except Category.DoesNotExist:
        return None


def _products_complete():
    """True when every demo product exists with its stock record, image and categories."""
    skus = [spec.sku for spec in data.PRODUCTS]
    complete = (
        Product.objects.filter(upc__in=skus)
        .annotate(
            n_stock=Count("stockrecords", filter=Q(stockrecords__partner__name=data.PARTNER_NAME), distinct=True),
            n_images=Count("images", distinct=True),
            n_categories=Count("categories", distinct=True),
        )
        .filter(n_stock__gte=1, n_images__gte=1, n_categories__gte=1)
        .count()
    )
    return complete == len(skus)


def _find_category(path):
    node = None
    for name in path:
        siblings = Category.get_root_nodes() if node is None else node.get_children()
        node = siblings.get(slug=slugify(name))
    return node


def _get_or_create_category(spec, known):
    """The category at `spec.path`, created (with its description) under its parent if missing."""
    parent = known.get(spec.path[:-1]) if len(spec.path) > 1 else None
    siblings = Category.get_root_nodes() if parent is None else parent.get_children()
    existing = siblings.filter(slug=slugify(spec.path[-1])).first()
    if existing:
        return existing
    fields = {"name": spec.path[-1], "description": spec.description, "is_public": True}
    return Category.add_root(**fields) if parent is None else parent.add_child(**fields)


def _goods_class():
    product_class, _ = ProductClass.objects.get_or_create(
        name=data.PRODUCT_CLASS_NAME, defaults={"requires_shipping": True, "track_stock": True}
    )
    return product_class


def _stock_levels():
    """Stock per SKU from a seeded draw: a handful sold out, several running low, the rest healthy."""
    rng = random.Random(data.STOCK_SEED)
    skus = [spec.sku for spec in data.PRODUCTS]
    picked = rng.sample(skus, 13)
    sold_out, running_low = set(picked[:5]), set(picked[5:])
    levels = {}
    for sku in skus:
        healthy = rng.randint(8, 90)  # drawn for every SKU so one change doesn't reshuffle the rest
        low = rng.randint(1, 3)
        levels[sku] = 0 if sku in sold_out else low if sku in running_low else healthy
    return levels


def _get_or_create_product(spec, product_class, partner, num_in_stock, categories):
    product = Product.objects.filter(upc=spec.sku).first()
    if product is None:
        product = Product.objects.create(
            upc=spec.sku,
            title=spec.title,
            description=data.description_for(spec),
            product_class=product_class,
            structure=Product.STANDALONE,
            is_public=True,
        )
    if not product.categories.exists():
        for path in spec.categories:
            ProductCategory.objects.create(product=product, category=categories[path])
    if not StockRecord.objects.filter(product=product, partner=partner).exists():
        record = StockRecord.objects.create(
            product=product,
            partner=partner,
            partner_sku=spec.sku,
            price=Decimal(spec.price),
            price_currency=data.CURRENCY,
            num_in_stock=num_in_stock,
            low_stock_threshold=data.LOW_STOCK_THRESHOLD,
        )
        # Oscar raises stock alerts only when a record is *updated*; raise them for new low stock too
        # so the dashboard's alert list isn't empty in the demo.
        if record.is_below_threshold:
            StockAlert.objects.create(stockrecord=record, threshold=record.low_stock_threshold)
    if not product.images.exists():
        section = spec.categories[0][0]
        image = ProductImage(product=product, caption=spec.title, display_order=0)
        image.original.save(f"{slugify(spec.sku)}.png", ContentFile(product_picture(spec.sku, spec.title, section)),
                            save=False)
        image.save()
    return product


def restore_missing_image_files():
    """Redraw demo pictures whose rows exist but whose files are gone (e.g. media/ was wiped).

    Returns how many were redrawn. Only images of demo products are touched, and each is
    written back under its recorded name, so no rows change. Their thumbnails went with
    media/ too, though sorl's store still lists them: they are redrawn as well.
    """
    by_sku = {spec.sku: spec for spec in data.PRODUCTS}
    varied = [p.sku for p in vdata.PARENTS] + [v.sku for _p, v in vdata.all_variants()]
    restored = 0
    for image in ProductImage.objects.filter(product__upc__in=[*by_sku, *varied]).select_related("product"):
        storage = image.original.storage
        if not image.original.name or storage.exists(image.original.name):
            continue
        spec = by_sku.get(image.product.upc)
        picture = (product_picture(spec.sku, spec.title, spec.categories[0][0]) if spec
                   else picture_for(image.product.upc))
        saved_as = storage.save(image.original.name, ContentFile(picture))
        if saved_as != image.original.name:  # storage picked another name: keep the row pointing at the file
            image.original.name = saved_as
            image.save(update_fields=["original"])
        queue_thumbnails(image.original.name, always=True, force=True)
        restored += 1
    return restored
