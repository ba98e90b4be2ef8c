"""Keeps an Oscar offer and voucher active over exactly the window of the promotion page that sells them."""
from oscar.core.loading import get_model

ConditionalOffer = get_model("offer", "ConditionalOffer")
Voucher = get_model("voucher", "Voucher")


def sync_offer_window(promotion):
    """Copy the page's start and end onto its offer and voucher (a voucher always needs an end, so an
    open-ended promotion leaves the voucher's end as it was)."""
    if promotion.offer_id:
        ConditionalOffer.objects.filter(pk=promotion.offer_id).update(
            start_datetime=promotion.starts_at, end_datetime=promotion.ends_at)
    if promotion.voucher_id:
        dates = {"start_datetime": promotion.starts_at}
        if promotion.ends_at:
            dates["end_datetime"] = promotion.ends_at
        Voucher.objects.filter(pk=promotion.voucher_id).update(**dates)


def next_window_change():
    """When the next live promotion starts or ends: pages listing promotions change then.

    The page cache keeps no page past this moment (settings.PAGE_CACHE_CHANGES_AT).
    """
    from django.db.models import Min, Q
    from django.utils import timezone

    from content.models import PromotionPage

    now = timezone.now()
    moments = PromotionPage.objects.live().aggregate(
        start=Min("starts_at", filter=Q(starts_at__gt=now)), end=Min("ends_at", filter=Q(ends_at__gt=now)))
    upcoming = [m for m in moments.values() if m is not None]
    return min(upcoming) if upcoming else None
