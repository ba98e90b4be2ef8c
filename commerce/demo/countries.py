"""Shipping countries: Oscar's checkout offers no address form until at least one exists.

Oscar ships no country data (its `oscar_populate_countries` needs pycountry), so the
demo store adds the three countries it ships to. Rows that exist are left as they are.
"""
from oscar.core.loading import get_model

Country = get_model("address", "Country")

# (alpha-2, alpha-3, numeric, printable name, official name, display order: higher comes first)
SHIPPING_COUNTRIES = [
    ("US", "USA", "840", "United States", "United States of America", 3),
    ("CA", "CAN", "124", "Canada", "Canada", 2),
    ("GB", "GBR", "826", "United Kingdom", "United Kingdom of Great Britain and Northern Ireland", 1),
]


def ensure_shipping_countries():
    """Create the missing shipping countries; returns how many were created."""
    created = 0
    for a2, a3, numeric, printable, official, order in SHIPPING_COUNTRIES:
        _, was_created = Country.objects.get_or_create(
            iso_3166_1_a2=a2,
            defaults={"iso_3166_1_a3": a3, "iso_3166_1_numeric": numeric, "printable_name": printable,
                      "name": official, "display_order": order, "is_shipping_country": True},
        )
        created += was_created
    return created
