from django.apps import AppConfig


class InvoicingConfig(AppConfig):
    """Invoices for paid orders, credit notes for refunds, packing slips for the warehouse."""

    name = "commerce.invoicing"
    label = "invoicing"
    default_auto_field = "django.db.models.AutoField"
