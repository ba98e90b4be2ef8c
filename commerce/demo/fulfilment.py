"""The demo shop's delivery methods and tax rates, as a merchandiser would set them up.

Delivery: standard and express in the US, a standard method each for Canada and the UK,
priced by weight bands (products carry weights in kg), with free standard delivery over
a threshold. Tax: state sales tax (base state rates, local rates left out) for a handful
of states including Massachusetts, where the shop is; GST or HST for every Canadian
province; UK VAT at 20 %, shown in prices and charged on delivery too.

Rows are created when missing and never changed, so a merchandiser's edits survive.
"""
from decimal import Decimal

from oscar.core.loading import get_model

Country = get_model("address", "Country")
WeightBased = get_model("shipping", "WeightBased")
WeightBand = get_model("shipping", "WeightBand")
TaxRate = get_model("tax", "TaxRate")

# code, name, description, countries, position, free over, bands ((up to kg, charge), ...)
METHODS = [
    ("standard", "Standard delivery (3–5 working days)", "Free on orders of $60 or more.", ["US"], 0, "60.00",
     (("5", "4.95"), ("20", "8.95"))),
    ("express", "Express delivery (next working day)", "Order before 2pm for next-day delivery.", ["US"], 1, None,
     (("5", "12.50"), ("20", "19.50"))),
    ("canada-standard", "Canada Post (5–8 working days)", "Free on orders of $100 or more.", ["CA"], 0, "100.00",
     (("2", "9.95"), ("10", "16.95"), ("20", "24.95"))),
    ("uk-standard", "Royal Mail International (6–10 working days)", "Tracked and signed for.", ["GB"], 0, None,
     (("2", "14.95"), ("10", "24.95"), ("20", "39.95"))),
]

# country, region, name, percent, delivery taxed, shown in prices
TAX_RATES = [
    ("US", "MA", "Sales tax", "6.25", False, False),
    ("US", "NY", "Sales tax", "4", True, False),
    ("US", "CA", "Sales tax", "7.25", False, False),
    ("US", "TX", "Sales tax", "6.25", True, False),
    ("US", "IL", "Sales tax", "6.25", False, False),
    ("US", "WA", "Sales tax", "6.5", True, False),
    ("US", "OR", "Sales tax", "0", False, False),
    ("US", "NH", "Sales tax", "0", False, False),
    ("CA", "AB", "GST", "5", True, False),
    ("CA", "BC", "GST", "5", True, False),
    ("CA", "MB", "GST", "5", True, False),
    ("CA", "NT", "GST", "5", True, False),
    ("CA", "NU", "GST", "5", True, False),
    ("CA", "QC", "GST", "5", True, False),
    ("CA", "SK", "GST", "5", True, False),
    ("CA", "YT", "GST", "5", True, False),
    ("CA", "ON", "HST", "13", True, False),
    ("CA", "NB", "HST", "15", True, False),
    ("CA", "NL", "HST", "15", True, False),
    ("CA", "NS", "HST", "14", True, False),
    ("CA", "PE", "HST", "15", True, False),
    ("GB", "", "VAT", "20", True, True),
]


def ensure_fulfilment():
    """Create the missing demo delivery methods and tax rates; returns how many rows were created."""
    return ensure_methods() + ensure_tax_rates()


def ensure_methods(codes=None):
    """Create the missing demo delivery methods (those named by `codes`, or all) whose countries exist."""
    created = 0
    for code, name, description, countries, position, free_over, bands in METHODS:
        if codes is not None and code not in codes:
            continue
        if WeightBased.objects.filter(code=code).exists() or WeightBased.objects.filter(name=name).exists():
            continue
        if Country.objects.filter(pk__in=countries).count() != len(countries):
            continue  # a method without its countries would serve everywhere
        method = WeightBased.objects.create(code=code, name=name, description=description, position=position,
                                            free_over=Decimal(free_over) if free_over else None)
        method.countries.set(Country.objects.filter(pk__in=countries))
        WeightBand.objects.bulk_create(WeightBand(method=method, upper_limit=Decimal(kg), charge=Decimal(charge))
                                       for kg, charge in bands)
        created += 1
    return created


def ensure_tax_rates():
    created = 0
    for country, region, name, percent, shipping, included in TAX_RATES:
        _, was_created = TaxRate.objects.get_or_create(
            country_id=country, region=region,
            defaults={"name": name, "rate": Decimal(percent), "applies_to_shipping": shipping,
                      "included_in_prices": included})
        created += was_created
    return created
