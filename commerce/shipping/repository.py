"""Which delivery methods an address may use: the dashboard's methods whose zone serves it.

Before checkout knows an address (the basket page), the methods are those serving the
shopper's known destination (commerce/tax/destination.py), else the shop's home country,
so the basket's delivery figure is a fair estimate. An address no method serves gets
none, and Oscar's delivery step sends the shopper back to the address with that reason.
"""
from django.conf import settings
from oscar.apps.shipping import repository
from oscar.core.loading import get_model

from commerce.tax.destination import known_destination

from .methods import NotYetKnown

WeightBased = get_model("shipping", "WeightBased")
ShippingAddress = get_model("order", "ShippingAddress")


class Repository(repository.Repository):
    def get_available_shipping_methods(self, basket, shipping_addr=None, request=None, **kwargs):
        address = shipping_addr or (known_destination(request) if request is not None else None)
        if address is None:
            address = ShippingAddress(country_id=settings.SHIPPING_HOME_COUNTRY)
        methods = WeightBased.objects.prefetch_related("countries", "value_bands")
        return [method for method in methods if method.serves(address)]

    def get_default_shipping_method(self, basket, shipping_addr=None, **kwargs):
        """The first method that fits; a "worked out at checkout" placeholder when none does."""
        methods = self.get_shipping_methods(basket, shipping_addr=shipping_addr, **kwargs)
        return methods[0] if methods else NotYetKnown()
