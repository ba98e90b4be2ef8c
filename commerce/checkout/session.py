"""Oscar's checkout session checks, plus one: the delivery address must have a tax rate.

Every step after the address (delivery method, payment, preview, placing the order)
runs these checks, so an address whose state has no rate, or a rate deleted mid-checkout,
sends the shopper back to the address step with the reason before any payment.
"""
from django.urls import reverse
from oscar.apps.checkout import exceptions, session

from commerce.tax.rules import tax_problem


class CheckoutSessionMixin(session.CheckoutSessionMixin):
    def check_a_valid_shipping_address_is_captured(self):
        super().check_a_valid_shipping_address_is_captured()
        problem = tax_problem(self.get_shipping_address(basket=self.request.basket))
        if problem:
            raise exceptions.FailedPreCondition(url=reverse("checkout:shipping-address"), message=problem)
