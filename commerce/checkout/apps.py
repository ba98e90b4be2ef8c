from oscar.apps.checkout import apps


class CheckoutConfig(apps.CheckoutConfig):
    """Oscar's checkout, forked for payment handling (see views.py)."""

    name = "commerce.checkout"
