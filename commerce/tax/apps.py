from django.apps import AppConfig


class TaxConfig(AppConfig):
    """Sales tax, VAT and GST/HST: the rates merchandisers keep, and the tax lines an order carries."""

    name = "commerce.tax"
    label = "tax"
    verbose_name = "Tax"
