"""The StreamField every content page is written in: editorial blocks plus shoppable ones."""
from wagtail import blocks
from wagtail.embeds.blocks import EmbedBlock

from .basic import CallToActionBlock, ImageWithCaptionBlock, QuoteBlock
from .recipe import IngredientBlock, RecipeBlock
from .shoppable import CategoryTilesBlock, ProductBlock, ProductGridBlock, PromotionBannerBlock

__all__ = ["BodyBlock", "CallToActionBlock", "CategoryTilesBlock", "ImageWithCaptionBlock", "IngredientBlock",
           "ProductBlock", "ProductGridBlock", "PromotionBannerBlock", "QuoteBlock", "RecipeBlock"]


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
