"""The StreamFields editors write in: a page's body (editorial blocks plus shoppable ones) and a
product story (editorial blocks only: it sits on the product page, beside the catalogue's own facts)."""
from wagtail import blocks
from wagtail.embeds.blocks import EmbedBlock

from .basic import CallToActionBlock, ImageWithCaptionBlock, QuoteBlock
from .recipe import IngredientBlock, RecipeBlock
from .shoppable import CategoryTilesBlock, ProductBlock, ProductGridBlock, PromotionBannerBlock

__all__ = ["BodyBlock", "CallToActionBlock", "CategoryTilesBlock", "ImageWithCaptionBlock", "IngredientBlock",
           "ProductBlock", "ProductGridBlock", "PromotionBannerBlock", "QuoteBlock", "RecipeBlock", "StoryBlock"]


class BodyBlock(blocks.StreamBlock):
    heading = blocks.CharBlock(max_length=120, form_classname="title", template="content/blocks/heading.html")
    paragraph = blocks.RichTextBlock()
    image = ImageWithCaptionBlock()
    quote = QuoteBlock()
    call_to_action = CallToActionBlock()
    embed = EmbedBlock(help_text="A YouTube, Vimeo or other oEmbed link", template="content/blocks/embed.html")
    product = ProductBlock()
    product_grid = ProductGridBlock()
    category_tiles = CategoryTilesBlock()
    promotion_banner = PromotionBannerBlock()
    recipe = RecipeBlock()


class StoryBlock(blocks.StreamBlock):
    """What a product story may hold: words, pictures, quotes and videos, no products or offers
    (the page around it already sells the product, with the merchandisers' price and stock)."""

    heading = blocks.CharBlock(max_length=120, form_classname="title", template="content/blocks/heading.html")
    paragraph = blocks.RichTextBlock()
    image = ImageWithCaptionBlock()
    quote = QuoteBlock()
    embed = EmbedBlock(help_text="A YouTube, Vimeo or other oEmbed link", template="content/blocks/embed.html")
