"""The tax rates merchandisers keep in the dashboard (Tax rates under Fulfilment).

One row is the rate of one country, or of one US state or Canadian province in it. A
country the shop collects tax in has at least one row; in such a country an address
whose region has no row (and no country-wide row) can't be checked out, so an order is
never placed with a guessed tax. Countries without any row are not taxed: the dashboard's
list says so for each shipping country.
"""
from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models


class TaxRate(models.Model):
    country = models.ForeignKey("address.Country", on_delete=models.PROTECT, related_name="tax_rates")
    region = models.CharField(
        max_length=2, blank=True, default="",
        help_text="Two-letter US state or Canadian province code; blank for the whole country.")
    name = models.CharField(max_length=40, help_text='Shown to shoppers, e.g. "Sales tax", "VAT", "HST".')
    rate = models.DecimalField(
        max_digits=6, decimal_places=3, validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("50"))],
        help_text="Percent, e.g. 6.25")
    applies_to_shipping = models.BooleanField(default=False, help_text="Whether delivery charges are taxed too.")
    included_in_prices = models.BooleanField(
        default=False, help_text="VAT-style: once the destination is known, prices are shown with this tax in.")

    class Meta:
        ordering = ["country__display_order", "country_id", "region"]
        constraints = [models.UniqueConstraint(fields=["country", "region"], name="one_tax_rate_per_region")]

    def __str__(self):
        where = f"{self.country_id}-{self.region}" if self.region else self.country_id
        return f"{self.name} {self.rate}% ({where})"

    @property
    def fraction(self):
        return self.rate / Decimal(100)

    @property
    def percent(self):
        """The rate as shoppers read it: "20", "6.25" (no trailing zeros, never "2E+1")."""
        return f"{self.rate.normalize():f}"

