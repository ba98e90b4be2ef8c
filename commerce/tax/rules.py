"""The tax an order to one destination carries: which rate, on what, rounded how.

The rule, the same in every market: tax is worked out once per order, as the rate times
the taxable total (the goods after discounts, plus delivery where the rate says delivery
is taxed), rounded half up to the cent. One rounding per order means the tax line is
exactly the rate of what was bought, and Stripe is charged net + tax to the cent.

Catalogue prices are kept before tax, and catalogue pages (shared by every shopper and
cached) show them so. Where the destination's rate is "included in prices" (UK VAT) and
the destination is known (checkout's delivery address, or a signed-in customer's default
one), the basket and checkout show every price with that tax in: each line, discount,
subtotal and delivery charge is its before-tax figure times (1 + rate), rounded half up
to the cent (`with_tax`), and the tax line says it is included. The tax charged is
still the one per-order figure above, so those rounded figures can add up to a cent
away from the total; the total is what is charged. The order itself, like a VAT invoice,
records its lines before tax with the tax and the total.
"""
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from .models import TaxRate
from .regions import UnknownRegion, region_code, region_name

CENT = Decimal("0.01")


class TaxNotAvailable(ValueError):
    """No rate can be found for the destination; the message is fit to show the shopper."""


@dataclass(frozen=True)
class TaxLine:
    code: str
    name: str
    amount: Decimal
    rate: TaxRate

    @property
    def included_in_prices(self):
        return self.rate.included_in_prices


def round_money(amount):
    return Decimal(amount).quantize(CENT, rounding=ROUND_HALF_UP)


def with_tax(amount, rate):
    """A before-tax amount as shown where prices include `rate`: rounded half up to the cent."""
    return round_money(amount * (1 + rate.fraction))


def rate_for(country_code, state=""):
    """The TaxRate for a destination; None where the shop collects no tax in that country.

    Raises TaxNotAvailable for a region that doesn't exist or that has no rate.
    """
    rates = {r.region: r for r in TaxRate.objects.filter(country_id=country_code).select_related("country")}
    if not rates:
        return None
    try:
        region = region_code(country_code, state)
    except UnknownRegion as exc:
        raise TaxNotAvailable(str(exc)) from exc
    rate = rates.get(region) or rates.get("")
    if rate is None:
        raise TaxNotAvailable(
            f"We can't take orders to {region_name(country_code, region)} yet, because we have no tax rate for it. "
            "Please choose another delivery address, or contact us.")
    return rate


def destination(address):
    """(country code, state) of an address, or None for no address."""
    if address is None or not getattr(address, "country_id", None):
        return None
    return address.country_id, getattr(address, "state", "") or ""


def tax_problem(address):
    """Why an order to this address can't be taxed, or None when it can."""
    where = destination(address)
    if where is None:
        return None
    try:
        rate_for(*where)
    except TaxNotAvailable as exc:
        return str(exc)
    return None


def tax_lines(basket, shipping_charge, address):
    """The order's tax lines for this basket, delivery charge and address ([] where untaxed)."""
    where = destination(address)
    if where is None:
        return []
    rate = rate_for(*where)
    if rate is None:
        return []
    taxable = basket.total_excl_tax
    if rate.applies_to_shipping and shipping_charge is not None:
        taxable += shipping_charge.excl_tax
    amount = round_money(taxable * rate.fraction)
    place = region_name(where[0], rate.region) if rate.region else rate.country.printable_name
    label = f"{rate.name} ({place}, {rate.percent}%)"
    return [TaxLine(code=f"tax-{where[0].lower()}{('-' + rate.region.lower()) if rate.region else ''}",
                    name=label, amount=amount, rate=rate)]

