import oscar.apps.partner.apps as apps


class PartnerConfig(apps.PartnerConfig):
    """Oscar's partner app, forked for pricing (strategy.py) and stock held, consumed and released (stock.py)."""

    name = "commerce.partner"

    def ready(self):
        super().ready()
        from oscar.apps.order.signals import order_line_status_changed, order_status_changed

        from .stock import consume_stock_of_shipped_order, release_stock_of_cancelled_order, settle_stock_of_line

        order_status_changed.connect(release_stock_of_cancelled_order, dispatch_uid="release-stock-on-cancel")
        order_status_changed.connect(consume_stock_of_shipped_order, dispatch_uid="consume-stock-on-ship")
        order_line_status_changed.connect(settle_stock_of_line, dispatch_uid="settle-line-stock-on-status")

        from django.db.models.signals import post_save

        from .alerts import alert_staff_of_low_stock

        post_save.connect(alert_staff_of_low_stock, sender=self.get_model("StockAlert"),
                          dispatch_uid="low-stock-staff-email")
