"""Oscar's applicator, asking each offer's ranges about all the basket's products at once,
loading the offers' ranges with the offers, and judging the basket's vouchers on the
shop's clock (preview_moment/clock.py), as the site offers are (models.py)."""
from itertools import chain

from oscar.apps.offer import applicator

from preview_moment.clock import shop_now

from .models import range_members, remember_range_members


class Applicator(applicator.Applicator):
    def apply(self, basket, user=None, request=None):
        offers = self.get_offers(basket, user, request)
        self.apply_offers(basket, offers)
        # The basket page's upsell messages ask for the same offers right after
        # (commerce/basket/views.py); valid while these applications stand.
        basket.offers_considered = (basket.offer_applications, offers)

    def apply_offers(self, basket, offers):
        ranges = {}
        for offer in offers:
            for part in (offer.condition, offer.benefit):
                if part is not None and part.range_id:
                    ranges.setdefault(part.range_id, part.range)
        products = [line.product for line in basket.all_lines()]
        with remember_range_members(range_members(ranges.values(), products)):
            super().apply_offers(basket, offers)

    def get_basket_offers(self, basket, user):
        """Oscar's: the offers of the basket's vouchers that are running and usable by `user`."""
        if not basket.id or not user:
            return []
        moment, offers = shop_now(), []
        for voucher in basket.vouchers.all():
            if voucher.is_active(moment) and voucher.is_available_to_user(user=user)[0]:
                voucher_offers = voucher.offers.all()
                for offer in voucher_offers:
                    offer.set_voucher(voucher)
                offers = list(chain(offers, voucher_offers))
        return offers

    def get_site_offers(self):
        return super().get_site_offers().select_related("condition__range", "benefit__range")


def offers_considered(basket, user=None, request=None):
    """The offers the basket was last priced with, or (priced since otherwise, or never)
    the offers it would be priced with now."""
    applications, offers = getattr(basket, "offers_considered", (None, None))
    if offers is not None and applications is basket.offer_applications:
        return offers
    return Applicator().get_offers(basket, user, request)
