"""Oscar's basket page, asking for the running offers once a request instead of twice; its add view
records which content page and block an add came from (attribution/touches.py)."""
from oscar.apps.basket import views
from oscar.apps.basket.views import *  # noqa: F401,F403  the other basket views stay Oscar's

from attribution.touches import record_from_form
from commerce.offer.applicator import offers_considered
from commerce.tax.destination import known_destination
from commerce.tax.rules import tax_problem


class BasketView(views.BasketView):
    def get_upsell_messages(self, basket):
        """Oscar's messages ("buy one more to get…"), from the offers the basket was just
        priced with rather than from the database again."""
        applied_offers = list(basket.offer_applications.offers.values())
        return [{"message": offer.get_upsell_message(basket), "offer": offer}
                for offer in offers_considered(basket, self.request.user, self.request)
                if offer.is_condition_partially_satisfied(basket) and offer not in applied_offers]

    def get_context_data(self, **kwargs):
        """Oscar's context, plus whether tax can be shown yet (commerce/tax/destination.py)."""
        ctx = super().get_context_data(**kwargs)
        destination = known_destination(self.request)
        ctx["tax_destination_known"] = destination is not None
        ctx["tax_problem"] = tax_problem(destination)
        return ctx


class BasketAddView(views.BasketAddView):
    def form_valid(self, form):
        response = super().form_valid(form)
        record_from_form(self.request, self.request.basket, form.product)
        return response
