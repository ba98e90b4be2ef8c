import oscar.apps.partner.apps as apps


class PartnerConfig(apps.PartnerConfig):
    """Oscar's partner app, forked for pricing (strategy.py) and safe stock allocation (stock.py)."""

    name = "commerce.partner"

    def ready(self):
        super().ready()
        from oscar.apps.order.signals import order_status_changed

        from .stock import release_stock_of_cancelled_order

        order_status_changed.connect(release_stock_of_cancelled_order, dispatch_uid="release-stock-on-cancel")
