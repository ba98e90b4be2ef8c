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
