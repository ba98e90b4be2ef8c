"""The shop's two delivery options, priced on the server from settings.

Standard delivery is free once the basket (after offers) reaches
SHIPPING_FREE_STANDARD_OVER; express always costs SHIPPING_EXPRESS_CHARGE.
Prices carry no tax: the shop's strategy prices goods without tax too.
"""
from decimal import Decimal

from django.conf import settings
from oscar.apps.shipping import methods
from oscar.core import prices


def _price(basket, amount):
    amount = Decimal(amount)
    return prices.Price(currency=basket.currency, excl_tax=amount, incl_tax=amount)


class Standard(methods.Base):
    code = "standard"
    name = "Standard delivery (3–5 working days)"

    @property
    def description(self):
        return f"Free on orders of ${settings.SHIPPING_FREE_STANDARD_OVER} or more."

    def calculate(self, basket):
        if basket.total_incl_tax >= Decimal(settings.SHIPPING_FREE_STANDARD_OVER):
            return _price(basket, "0.00")
        return _price(basket, settings.SHIPPING_STANDARD_CHARGE)


class Express(methods.Base):
    code = "express"
    name = "Express delivery (next working day)"
    description = "Order before 2pm for next-day delivery."

    def calculate(self, basket):
        return _price(basket, settings.SHIPPING_EXPRESS_CHARGE)
