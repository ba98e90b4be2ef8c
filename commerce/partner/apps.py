import oscar.apps.partner.apps as apps


class PartnerConfig(apps.PartnerConfig):
    """Oscar's partner app, forked for pricing (strategy.py) and safe stock allocation (stock.py)."""

    name = "commerce.partner"

    def ready(self):
        super().ready()
        from oscar.apps.order.signals import order_status_changed

        from .stock import release_stock_of_cancelled_order

        order_status_changed.connect(release_stock_of_cancelled_order, dispatch_uid="release-stock-on-cancel")

        from django.db.models.signals import post_save

        from .alerts import alert_staff_of_low_stock

        post_save.connect(alert_staff_of_low_stock, sender=self.get_model("StockAlert"),
                          dispatch_uid="low-stock-staff-email")
