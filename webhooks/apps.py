from django.apps import AppConfig


class WebhooksConfig(AppConfig):
    """Signed HTTP notifications to merchandisers' systems when orders, products and stock change."""

    name = "webhooks"
    verbose_name = "Webhooks"

    def ready(self):
        from django.db.models.signals import post_save
        from oscar.core.loading import get_model

        from .events import product_saved, stock_saved

        # Products and stock are saved by Oscar's own code (dashboard forms, allocations),
        # so these two are signals; every order event is an explicit call where it happens.
        post_save.connect(product_saved, sender=get_model("catalogue", "Product"), dispatch_uid="webhooks-product")
        post_save.connect(stock_saved, sender=get_model("partner", "StockRecord"), dispatch_uid="webhooks-stock")
