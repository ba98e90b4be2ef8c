"""The one delivery method that isn't a row: what the basket shows when no method fits yet."""
from decimal import Decimal

from oscar.apps.shipping import methods
from oscar.core import prices


class NotYetKnown(methods.Base):
    """Shown on the basket page when no dashboard method serves the shopper's destination."""

    code = "not-yet-known"
    name = "Delivery: worked out at checkout"

    def calculate(self, basket):
        return prices.Price(currency=basket.currency, excl_tax=Decimal("0.00"), incl_tax=Decimal("0.00"))
