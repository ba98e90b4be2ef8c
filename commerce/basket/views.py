"""Oscar's basket page, asking for the running offers once a request instead of twice."""
from oscar.apps.basket import views
from oscar.apps.basket.views import *  # noqa: F401,F403  the other basket views stay Oscar's

from commerce.offer.applicator import offers_considered


class BasketView(views.BasketView):
    def get_upsell_messages(self, basket):
        """Oscar's messages ("buy one more to get…"), from the offers the basket was just
        priced with rather than from the database again."""
        applied_offers = list(basket.offer_applications.offers.values())
        return [{"message": offer.get_upsell_message(basket), "offer": offer}
                for offer in offers_considered(basket, self.request.user, self.request)
                if offer.is_condition_partially_satisfied(basket) and offer not in applied_offers]
