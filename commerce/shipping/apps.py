import oscar.apps.shipping.apps as apps


class ShippingConfig(apps.ShippingConfig):
    """Oscar's shipping, forked for the shop's standard and express methods (methods.py)."""

    name = "commerce.shipping"
