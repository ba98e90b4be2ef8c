"""Where a shopper's order is going, as far as the shop knows before it is placed.

In checkout it is the delivery address the shopper entered or chose; on the basket page
it is that same address from the checkout session, or else a signed-in customer's
default delivery address. Anonymous shoppers who haven't reached checkout have none, so
their basket shows prices before tax and says tax is added at checkout.
"""
from oscar.core.loading import get_model

from .rules import TaxNotAvailable, destination, rate_for

UserAddress = get_model("address", "UserAddress")
ShippingAddress = get_model("order", "ShippingAddress")

SESSION_KEY = "checkout_data"


def known_destination(request):
    """An (unsaved) address for the shopper's destination, or None; looked up once a request
    (the basket page asks for it for the tax lines and again for its notice)."""
    if not hasattr(request, "_tax_destination"):
        request._tax_destination = _look_up(request)
    return request._tax_destination


def _look_up(request):
    data = request.session.get(SESSION_KEY, {}).get("shipping", {}) if hasattr(request, "session") else {}
    fields = data.get("new_address_fields")
    if fields:
        return ShippingAddress(**fields)
    addresses = UserAddress._default_manager.none()
    if data.get("user_address_id"):
        addresses = UserAddress._default_manager.filter(pk=data["user_address_id"])
    elif getattr(request, "user", None) is not None and request.user.is_authenticated:
        addresses = UserAddress._default_manager.filter(user=request.user, is_default_for_shipping=True)
    address = addresses.first()
    if address is None:
        return None
    shipping = ShippingAddress()
    address.populate_alternative_model(shipping)
    return shipping


def included_rate(request):
    """The destination's rate where shoppers there see prices with tax in (UK VAT), else None.

    The basket and checkout show every figure with this rate in (rules.py says how it is
    rounded); without a known destination, or where tax is added on top, prices show
    before tax. Looked up once a request, like the destination itself.
    """
    if not hasattr(request, "_tax_included_rate"):
        request._tax_included_rate = _included(known_destination(request))
    return request._tax_included_rate


def _included(address):
    where = destination(address)
    if where is None:
        return None
    try:
        rate = rate_for(*where)
    except TaxNotAvailable:
        return None
    return rate if rate is not None and rate.included_in_prices else None
