"""Oscar's basket page, asking for the running offers once a request instead of twice; its add view
records which content page and block an add came from (attribution/touches.py), and its voucher
form judges a voucher's dates on the shop's clock. Saving the basket page counts as a change
to the basket for its reminders (basket_reminders/activity.py)."""
from functools import partial

from oscar.apps.basket import views
from oscar.apps.basket.views import *  # noqa: F401,F403  the other basket views stay Oscar's

from attribution.touches import record_from_form
from basket_reminders.activity import basket_changed
from commerce.offer.applicator import offers_considered
from commerce.tax.destination import known_destination
from commerce.tax.rules import tax_problem
from preview_moment.clock import shop_now


class BasketView(views.BasketView):
    def formset_valid(self, formset):
        """Oscar's save of the basket page; a removed line counts as a change for reminders."""
        response = super().formset_valid(formset)
        basket_changed(self.request.basket)
        return response

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


class VoucherAddView(views.VoucherAddView):
    def apply_voucher_to_basket(self, voucher):
        """Oscar's checks and messages, with "expired" and "not active yet" asked at the shop's
        moment (preview_moment/clock.py): a voucher that starts tomorrow works in a preview of
        tomorrow, as the basket's pricing then counts it (commerce/offer/applicator.py)."""
        moment = shop_now()
        voucher.is_expired = lambda: voucher.end_datetime < moment
        voucher.is_active = partial(type(voucher).is_active, voucher, moment)
        return super().apply_voucher_to_basket(voucher)


class BasketAddView(views.BasketAddView):
    def form_valid(self, form):
        response = super().form_valid(form)
        record_from_form(self.request, self.request.basket, form.product)
        return response
