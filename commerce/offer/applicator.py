"""Oscar's applicator, asking each offer's ranges about all the basket's products at once."""
from oscar.apps.offer import applicator

from .models import range_members, remember_range_members


class Applicator(applicator.Applicator):
    def apply_offers(self, basket, offers):
        ranges = {}
        for offer in offers:
            for part in (offer.condition, offer.benefit):
                if part is not None and part.range_id:
                    ranges.setdefault(part.range_id, part.range)
        products = [line.product for line in basket.all_lines()]
        with remember_range_members(range_members(ranges.values(), products)):
            super().apply_offers(basket, offers)
