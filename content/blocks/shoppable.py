"""Blocks that sell: they store only ids and look the catalogue up when the page renders.

Nothing here copies a price or a stock level into the page, so a change made in the
Oscar dashboard shows on every page at once, without republishing. Each block reads
its products through search.listing (stock records and images prefetched), so a grid
of forty products costs the same few queries as a grid of four.
"""
from django.core.exceptions import ValidationError
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError

from content.choosers import CategoryChooserBlock, ProductChooserBlock, RangeChooserBlock
from pagecache import labels
from preview_moment.clock import shop_now

GRID_SOURCES = [("picked", "Hand-picked products"), ("category", "A category"), ("range", "A range")]


def on_sale(product):
    """Whether a chosen product can still be shown and bought: it exists, is public, and it (or
    one of its versions) has a price. Sold out still counts: its card says so. A product that
    isn't on sale collapses out of the page for shoppers; editors previewing see a
    placeholder asking for another (content/blocks/product_gone.html)."""
    if product is None or not product.is_public:
        return False
    sellers = product.children.all() if product.is_parent else [product]
    return any(record.price is not None for seller in sellers for record in seller.stockrecords.all())


def previewing(parent_context):
    """Whether an editor is previewing the page (they see placeholders for products off sale)."""
    request = (parent_context or {}).get("request")
    return bool(getattr(request, "is_preview", False))


class ProductBlock(blocks.StructBlock):
    """One product with its picture, live price and availability, and an add-to-basket button."""

    product = ProductChooserBlock()
    note = blocks.CharBlock(required=False, max_length=200, help_text="A line of your own under the product")

    class Meta:
        icon = "tag"
        label = "Product"
        template = "content/blocks/product.html"

    def get_context(self, value, parent_context=None):
        ctx = super().get_context(value, parent_context)
        ctx["product"] = value["product"] if on_sale(value["product"]) else None
        ctx["gone"] = ctx["product"] is None and previewing(parent_context)
        return ctx


class ProductGridBlock(blocks.StructBlock):
    """A grid of products: hand-picked, everything in a category, or an Oscar range."""

    title = blocks.CharBlock(required=False, max_length=120)
    source = blocks.ChoiceBlock(choices=GRID_SOURCES, default="picked")
    products = blocks.ListBlock(ProductChooserBlock(), required=False, label="Hand-picked products")
    category = CategoryChooserBlock(required=False)
    range = RangeChooserBlock(required=False)
    limit = blocks.IntegerBlock(default=8, min_value=1, max_value=48)

    class Meta:
        icon = "table"
        label = "Product grid"
        template = "content/blocks/product_grid.html"

    def clean(self, value):
        value = super().clean(value)
        needs = {"picked": "products", "category": "category", "range": "range"}[value["source"]]
        if not value[needs]:
            raise StructBlockValidationError({needs: ValidationError(f"Choose the {needs} this grid shows.")})
        return value

    def get_context(self, value, parent_context=None):
        ctx = super().get_context(value, parent_context)
        ctx["products"] = grid_products(value)
        if value["source"] == "picked" and previewing(parent_context):
            ctx["gone"] = len([p for p in value["products"] if not on_sale(p)])
        return ctx


def grid_products(value):
    """The products a grid shows right now, at most `limit` of them."""
    from search.listing import listable_products

    limit = value["limit"] or 8
    source = value["source"]
    # What a category's or a range's grid holds changes with the catalogue (pagecache/labels.py).
    if source == "category":
        labels.note(labels.listing(getattr(value["category"], "pk", None)))
    elif source == "range":
        labels.note(labels.listing())
    if source == "picked":
        return [p for p in value["products"] if on_sale(p)][:limit]
    if source == "category" and value["category"] is not None:
        subtree = value["category"].get_descendants_and_self()
        return list(listable_products().filter(categories__in=subtree).distinct().order_by("title")[:limit])
    if source == "range" and value["range"] is not None:
        in_range = value["range"].all_products().values("pk")
        return list(listable_products().filter(pk__in=in_range).order_by("title")[:limit])
    return []


class CategoryTilesBlock(blocks.StructBlock):
    """Tiles linking to catalogue categories, with their descriptions."""

    title = blocks.CharBlock(required=False, max_length=120)
    categories = blocks.ListBlock(CategoryChooserBlock(), min_num=1)

    class Meta:
        icon = "folder-open-inverse"
        label = "Category tiles"
        template = "content/blocks/category_tiles.html"


class PromotionBannerBlock(blocks.StructBlock):
    """A banner for a promotion page; it shows only while the promotion is running."""

    promotion = blocks.PageChooserBlock(page_type="content.PromotionPage")
    text = blocks.CharBlock(required=False, max_length=200, help_text="Leave empty to use the promotion's banner")

    class Meta:
        icon = "pick"
        label = "Promotion banner"
        template = "content/blocks/promotion_banner.html"

    def get_context(self, value, parent_context=None):
        ctx = super().get_context(value, parent_context)
        promotion = value["promotion"]
        running = promotion is not None and promotion.live and promotion.specific.is_running_at(shop_now())
        ctx["promotion"] = promotion.specific if running else None
        return ctx
