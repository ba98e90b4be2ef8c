from django.urls import path
from oscar.apps.checkout import apps


class CheckoutConfig(apps.CheckoutConfig):
    """Oscar's checkout, forked for card payments, stock locks and guest accounts (views.py)."""

    name = "commerce.checkout"

    def get_urls(self):
        from .guest_account import create_account

        return [path("create-account/", create_account, name="create-account"), *super().get_urls()]
