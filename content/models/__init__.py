"""Page types editors publish in /cms/, and the site settings they keep.

The home page is the site root; standard pages carry about/delivery/returns copy; the
contact page is a form whose submissions are kept in the admin; the blog and the
promotions are indexes with dated child pages. Every body is a content.blocks.BodyBlock,
so any page can sell live products. A product story (a snippet, not a page) is what
editors write about one product, shown on its product page.
"""
from .blog import BlogIndexPage, BlogPage, BlogPageTag
from .contact import ContactFormField, ContactPage, ContactSubmission
from .featuring import FeaturedProduct
from .health import ContentHealthSubscription
from .home import HomePage, StandardPage
from .product_story import ProductStory
from .promotions import PromotionIndexPage, PromotionPage, PromotionQuerySet
from .site_settings import SiteFooter

__all__ = ["BlogIndexPage", "BlogPage", "BlogPageTag", "ContactFormField", "ContactPage", "ContactSubmission",
           "ContentHealthSubscription",
           "FeaturedProduct",
           "HomePage", "ProductStory", "PromotionIndexPage", "PromotionPage", "PromotionQuerySet", "SiteFooter",
           "StandardPage"]
