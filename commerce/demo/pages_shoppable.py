"""What makes the demo pages sell: catalogue references resolved to ids, the promotion's
Oscar offer, and the footer's contact details.

pages_data names products by SKU, categories by path and offers by name; here they become the ids the
StreamField blocks store. Everything is found before it is created, so re-runs add nothing.
"""
from decimal import Decimal

from oscar.core.loading import get_model
from wagtail.models import Site

from content.models import PromotionPage, SiteFooter

from .pages_data import CategoryRef, OfferRef, ProductRef

Benefit = get_model("offer", "Benefit")
Category = get_model("catalogue", "Category")
Condition = get_model("offer", "Condition")
ConditionalOffer = get_model("offer", "ConditionalOffer")
Product = get_model("catalogue", "Product")
Range = get_model("offer", "Range")


def category_at(path):
    return Category.objects.get(depth=len(path), name=path[-1])


def resolve(value):
    """A copy of a StreamField body with SKUs, category paths, offer names and promotion slugs replaced by ids."""
    if isinstance(value, OfferRef):
        return ConditionalOffer.objects.get(name=value).pk
    if isinstance(value, ProductRef):
        return Product.objects.get(upc=str(value)).pk
    if isinstance(value, CategoryRef):
        return category_at(value).pk
    if isinstance(value, list):
        return [resolve(item) for item in value]
    if isinstance(value, dict):
        if value.get("type") == "promotion_banner" and isinstance(value["value"]["promotion"], str):
            promotion = PromotionPage.objects.get(slug=value["value"]["promotion"])
            return {**value, "value": {**value["value"], "promotion": promotion.pk}}
        return {key: resolve(item) for key, item in value.items()}
    return value


def promotion_offer(copy):
    """A site offer of `percent` off everything in the given categories (dates come from the page)."""
    offer = ConditionalOffer.objects.filter(name=copy["name"]).first()
    if offer is not None:
        return offer
    product_range, _ = Range.objects.get_or_create(name=copy["name"][:128])
    product_range.included_categories.set([category_at(path) for path in copy["categories"]])
    condition = Condition.objects.create(range=product_range, type=Condition.COUNT, value=1)
    benefit = Benefit.objects.create(range=product_range, type=Benefit.PERCENTAGE, value=Decimal(copy["percent"]))
    return ConditionalOffer.objects.create(name=copy["name"], offer_type=ConditionalOffer.SITE,
                                           condition=condition, benefit=benefit)


def fill_footer(home, copy):
    """Contact details and links for the default site's footer, unless an editor has set them."""
    site = Site.objects.get(is_default_site=True)
    footer = SiteFooter.for_site(site)
    if footer.email or len(footer.links):
        return
    links = []
    for label, slug in copy["links"]:
        page = home.get_children().filter(slug=slug).first()
        if page is not None:
            links.append({"type": "link", "value": {"label": label, "page": page.pk, "url": ""}})
    footer.email, footer.phone = copy["email"], copy["phone"]
    footer.address, footer.opening_hours = copy["address"], copy["opening_hours"]
    footer.links = links
    footer.save()
