"""Oscar's applicator, asking each offer's ranges about all the basket's products at once,
and loading the offers' ranges with the offers."""
from oscar.apps.offer import applicator

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

    def get_site_offers(self):
        return super().get_site_offers().select_related("condition__range", "benefit__range")


def offers_considered(basket, user=None, request=None):
    """The offers the basket was last priced with, or (priced since otherwise, or never)
    the offers it would be priced with now."""
    applications, offers = getattr(basket, "offers_considered", (None, None))
    if offers is not None and applications is basket.offer_applications:
        return offers
    return Applicator().get_offers(basket, user, request)
