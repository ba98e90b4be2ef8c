"""Delivery methods merchandisers keep in the dashboard (Fulfilment → Shipping).

Oscar's weight-based method with what the shop needs on top: a zone (its countries and,
for the US and Canada, optionally some states or provinces), a free-delivery threshold
the merchandiser sets, a position (the first method that fits an address is the
default), and optional order-value bands. A method with value bands is priced by the
basket's value (goods after discounts, before tax: the first band reaching it, or the top
band above them all); one without is priced by weight, as Oscar does.

Charges are before tax, like product prices; the tax rules decide whether
delivery is taxed (commerce/tax/rules.py).
"""
from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from oscar.apps.shipping import abstract_models
from oscar.core import prices

from commerce.tax.regions import UnknownRegion, region_code


class WeightBased(abstract_models.AbstractWeightBased):
    regions = models.CharField(
        max_length=300, blank=True, default="",
        help_text="Only these US states or Canadian provinces, as two-letter codes separated by commas "
                  "(e.g. \"MA, NY\"); blank for the whole of each country.")
    free_over = models.DecimalField(
        "Free delivery from", max_digits=12, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(Decimal("0"))],
        help_text="Delivery is free when the goods (after discounts, before tax) reach this amount; "
                  "blank for never.")
    position = models.PositiveSmallIntegerField(default=0, help_text="Lower comes first; the first is the default.")

    class Meta(abstract_models.AbstractWeightBased.Meta):
        ordering = ["position", "name"]

    @property
    def region_codes(self):
        return {code.strip().upper() for code in self.regions.split(",") if code.strip()}

    def serves(self, address):
        """Whether an address is in this method's zone."""
        countries = {c.pk for c in self.countries.all()}
        if countries and address.country_id not in countries:
            return False
        if not self.region_codes:
            return True
        try:
            return region_code(address.country_id, address.state) in self.region_codes
        except UnknownRegion:
            return False

    def calculate(self, basket):
        value = basket.total_excl_tax
        if self.free_over is not None and value >= self.free_over:
            return prices.Price(currency=basket.currency, excl_tax=Decimal("0.00"), incl_tax=Decimal("0.00"))
        bands = sorted(self.value_bands.all(), key=lambda band: band.upper_limit)
        if not bands:
            return super().calculate(basket)
        charge = next((band.charge for band in bands if value <= band.upper_limit), bands[-1].charge)
        return prices.Price(currency=basket.currency, excl_tax=charge, incl_tax=charge)


class WeightBand(abstract_models.AbstractWeightBand):
    pass


class OrderValueBand(models.Model):
    """Orders worth up to `upper_limit` (goods after discounts, before tax) pay `charge`."""

    method = models.ForeignKey(WeightBased, on_delete=models.CASCADE, related_name="value_bands")
    upper_limit = models.DecimalField("Orders up to", max_digits=12, decimal_places=2,
                                      validators=[MinValueValidator(Decimal("0.01"))])
    charge = models.DecimalField(max_digits=12, decimal_places=2, validators=[MinValueValidator(Decimal("0"))])

    class Meta:
        ordering = ["method", "upper_limit"]
        constraints = [models.UniqueConstraint(fields=["method", "upper_limit"], name="one_value_band_per_limit")]

    def __str__(self):
        return f"up to {self.upper_limit}: {self.charge}"


from oscar.apps.shipping.models import *  # noqa: E402,F401,F403
