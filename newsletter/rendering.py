"""A newsletter as an email: rendered once per send, with the shop as it is at that moment.

Each block has an email template (templates/newsletter/email/): tables and inline styles,
because mail apps drop <style> sheets and most CSS layout; every link and picture absolute,
because an email has no page address to resolve them against. Product blocks read price
and stock through the shop's strategy (commerce/partner/strategy.py) when the send starts,
not when the newsletter was written, so the email shows what the shop sells now. A parent
product shows "from" its cheapest version and links to its page to choose one; any other
product that can be bought gets a signed add-to-basket link (newsletter.basket_links).

The result still holds two placeholders, PLACEHOLDERS below, that newsletter.personalisation
fills for each recipient: that keeps the per-recipient work to a string replacement.
"""
import re
from dataclasses import dataclass

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.html import strip_tags
from oscar.core.loading import get_class
from oscar.templatetags.currency_filters import currency

from commerce.basket.templatetags.variant_tags import variant_from
from content.blocks.shoppable import grid_products, on_sale
from imagery.pictures import product_pictures
from imagery.thumbnails import source_name

from .basket_links import add_to_basket_url

Selector = get_class("partner.strategy", "Selector")

UNSUBSCRIBE = "%%UNSUBSCRIBE_URL%%"
PREFERENCES = "%%PREFERENCES_URL%%"
PLACEHOLDERS = (UNSUBSCRIBE, PREFERENCES)
EMAIL_IMAGE_SPEC = "width-600"


@dataclass(frozen=True)
class Rendered:
    subject: str
    html: str
    text: str


@dataclass(frozen=True)
class EmailProduct:
    """A product as the email shows it: what it costs and whether it can be bought, at send time."""

    title: str
    url: str
    image_url: str
    price: str  # formatted, "" when it has none
    price_from: bool
    available: bool
    availability: str
    add_url: str | None  # None for a parent (it links to its page) and when it can't be bought


def absolute(url):
    if not url or url.startswith(("http://", "https://", "mailto:")):
        return url or ""
    return f"{settings.WAGTAILADMIN_BASE_URL.rstrip('/')}/{url.lstrip('/')}"


def _absolute_links(html):
    """Rich text links to the shop's own pages are paths; a mail app needs the whole address."""
    return re.sub(r'(href|src)="/(?!/)', lambda m: f'{m.group(1)}="{absolute("/")}', html)


def _formatted(price):
    if not price.exists:
        return ""
    amount = price.incl_tax if price.is_tax_known else price.excl_tax
    return currency(amount, price.currency)


def email_products(products, strategy):
    """EmailProducts for the products still on sale, their pictures looked up at once."""
    products = [p for p in products if on_sale(p)]
    pictures = product_pictures((source_name(p.primary_image()), "card") for p in products)
    shown = []
    for product in products:
        picture = pictures.get((source_name(product.primary_image()), "card"))
        if product.is_parent:
            info = variant_from(None, product)
            add_url = None
        else:
            info = strategy.fetch_for_product(product)
            add_url = add_to_basket_url(product) if info.availability.is_available_to_buy else None
        available = info is not None and info.availability.is_available_to_buy
        shown.append(EmailProduct(
            title=product.get_title(), url=absolute(product.get_absolute_url()),
            image_url=absolute(picture.src) if picture else "", price=_formatted(info.price) if info else "",
            price_from=product.is_parent, available=available,
            availability=str(info.availability.message) if info else "", add_url=add_url))
    return shown


def _block_context(block, strategy):
    kind, value = block.block_type, block.value
    if kind == "paragraph":
        return {"html": _absolute_links(str(value))}
    if kind == "image":
        if value["image"] is None:  # deleted from the image library since
            return {"src": "", "caption": ""}
        rendition = value["image"].get_rendition(EMAIL_IMAGE_SPEC)
        return {"src": absolute(rendition.url), "width": rendition.width, "height": rendition.height,
                "alt": value["image"].title, "caption": value["caption"]}
    if kind == "call_to_action":
        return {**value, "url": absolute(value["button_url"])}
    if kind == "product":
        found = email_products([value["product"]], strategy)
        return {"product": found[0] if found else None, "note": value["note"]}
    if kind == "product_grid":
        found = email_products(grid_products(value), strategy)
        return {"title": value["title"], "rows": [found[i:i + 2] for i in range(0, len(found), 2)]}
    return {"value": value}


def _block_text(kind, ctx):
    if kind == "heading":
        return str(ctx["value"]).upper()
    if kind == "paragraph":
        return strip_tags(ctx["html"]).strip()
    if kind == "image":
        return ctx["caption"] or ""
    if kind == "call_to_action":
        return f"{ctx['title']}\n{ctx['text'] or ''}\n{ctx['button_label']}: {ctx['url']}".strip()
    products = [ctx["product"]] if kind == "product" else [p for row in ctx["rows"] for p in row]
    lines = [ctx.get("title") or ""]
    for p in filter(None, products):
        price = f"{'from ' if p.price_from else ''}{p.price}" if p.price else ""
        lines.append(f"{p.title}  {price}  {'' if p.available else 'Sold out'}\n  {p.add_url or p.url}")
    return "\n".join(line for line in lines if line)


def render_newsletter(newsletter):
    """The whole email of `newsletter` (subject, HTML, text) with the placeholders still in it."""
    strategy = Selector().strategy()
    parts, texts = [], []
    for block in newsletter.body:
        ctx = _block_context(block, strategy)
        parts.append(render_to_string(f"newsletter/email/{block.block_type}.html", ctx))
        text = _block_text(block.block_type, ctx)
        if text:
            texts.append(text)
    context = {"newsletter": newsletter, "blocks": parts, "shop_name": settings.SHOP_NAME,
               "shop_url": absolute("/"), "unsubscribe_url": UNSUBSCRIBE, "preferences_url": PREFERENCES}
    html = render_to_string("newsletter/email/layout.html", context)
    text = "\n\n".join(texts) + (f"\n\n--\nUnsubscribe in one click: {UNSUBSCRIBE}\n"
                                 f"Choose which emails you get: {PREFERENCES}\n")
    return Rendered(subject=newsletter.email_subject, html=html, text=text)
