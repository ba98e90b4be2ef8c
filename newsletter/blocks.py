"""What a newsletter may hold: words, pictures, a call to action and the shop's own product blocks.

The product blocks are the content app's (same choosers, same stored ids), so an editor
picks products exactly as on a page; newsletter.rendering gives each block its email
form (tables, inline styles, absolute links) instead of the page's template.
"""
from wagtail import blocks

from content.blocks import CallToActionBlock, ImageWithCaptionBlock, ProductBlock, ProductGridBlock


class NewsletterBlock(blocks.StreamBlock):
    heading = blocks.CharBlock(max_length=120, form_classname="title")
    paragraph = blocks.RichTextBlock(features=["bold", "italic", "link", "ol", "ul"])
    image = ImageWithCaptionBlock()
    call_to_action = CallToActionBlock()
    product = ProductBlock()
    product_grid = ProductGridBlock()
