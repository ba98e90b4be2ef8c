"""Recording a basket add made from a content page, and the form field that says where it came from.

The page and block travel in the add-to-basket form as one signed token (`touch_token`),
made from the page id and the block's name only: content pages are cached for everyone,
so the token must be the same for every viewer of that block. A token that was tampered
with, or that names a page no longer live or a block type its page can't hold, records
nothing and never stops the add.
"""
from django.core.signing import BadSignature, Signer
from wagtail.fields import StreamField
from wagtail.models import Page

from .models import BasketTouch

FIELD = "touch"  # the add-to-basket form's hidden field
_signer = Signer(salt="attribution.touch")


def touch_token(page_id, block_type):
    return _signer.sign(f"{page_id}:{block_type}")


def read_token(value):
    """(page_id, block_type) from a posted token, or None when it is missing or not ours."""
    try:
        page_id, _, block_type = _signer.unsign(value or "").partition(":")
    except BadSignature:
        return None
    return (int(page_id), block_type) if page_id.isdigit() and block_type else None


def block_types_of(page):
    """Every block name the page's stream fields can hold (so a new block type counts once added)."""
    return {name for field in page._meta.get_fields() if isinstance(field, StreamField)
            for name in field.stream_block.child_blocks}


def record_basket_add(request, basket, *, page_id, block_type, product):
    """Record that `product` went into `basket` from block `block_type` of live page `page_id`.

    Call it after the add succeeded. Returns the BasketTouch, or None when nothing was
    recorded: an unknown or unpublished page, a block type the page doesn't have, a basket
    not yet saved, or an add made while previewing (`request.is_preview`).
    """
    if getattr(request, "is_preview", False) or basket is None or basket.id is None or product is None:
        return None
    try:
        page = Page.objects.live().filter(pk=int(page_id)).first()
    except (TypeError, ValueError):
        return None
    if page is None or block_type not in block_types_of(page.specific):
        return None
    return BasketTouch.objects.create(basket=basket, page=page, block_type=block_type, product=product)


def record_from_form(request, basket, product):
    """The add-to-basket view's call: the touch named by the posted token, if any."""
    origin = read_token(request.POST.get(FIELD))
    if origin is None:
        return None
    return record_basket_add(request, basket, page_id=origin[0], block_type=origin[1], product=product)


def record_email_add(request, basket, *, email_key, clicked_at, product):
    """Record that `product` went into `basket` after a click on a link of marketing email `email_key`.

    The caller (email_tracking/visits.py) has checked the click and the address's consent;
    like a content touch, nothing is recorded while previewing or for an unsaved basket.
    """
    if getattr(request, "is_preview", False) or basket is None or basket.id is None or product is None:
        return None
    return BasketTouch.objects.create(basket=basket, product=product, email_key=email_key[:200],
                                      clicked_at=clicked_at)


def move_touches(source, target):
    """A merged basket's touches go with its lines to the basket it was merged into."""
    if source.id and target.id:
        BasketTouch.objects.filter(basket=source).update(basket=target)
