"""Tax lines, through Oscar's surcharge extension point.

Oscar asks this class for an order's surcharges on the basket page, in every checkout
step and when the order is written, and stores what it returns as the order's
surcharge rows; its totals calculator adds them to what the shopper pays. The shop's
only surcharges are its tax lines (commerce/tax/rules.py): a price with nothing before
tax and the tax as its tax, so the order's net, tax and gross all come out right.

A destination without a rate adds no line here; checkout refuses it before payment
(commerce/checkout/views.py), so no order is placed with a guessed tax.
"""
from decimal import Decimal

from oscar.apps.checkout import applicator
from oscar.core import prices

from commerce.tax.destination import known_destination
from commerce.tax.rules import TaxNotAvailable, tax_lines


class TaxSurcharge:
    def __init__(self, line):
        self.line = line
        self.name = line.name
        self.code = line.code

    def calculate(self, basket, **kwargs):
        return prices.Price(currency=basket.currency, excl_tax=Decimal("0.00"), incl_tax=self.line.amount,
                            tax_code=self.code)


class SurchargeApplicator(applicator.SurchargeApplicator):
    def destination(self):
        if self.context and "shipping_address" in self.context:
            return self.context["shipping_address"]
        return known_destination(self.request) if self.request is not None else None

    def get_surcharges(self, basket, shipping_charge=None, **kwargs):
        try:
            lines = tax_lines(basket, shipping_charge, self.destination())
        except TaxNotAvailable:
            return ()
        return tuple(TaxSurcharge(line) for line in lines)
