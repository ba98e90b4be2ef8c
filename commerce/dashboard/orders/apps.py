import oscar.apps.dashboard.orders.apps as apps
from django.urls import path
from oscar.core.loading import get_class


class OrdersDashboardConfig(apps.OrdersDashboardConfig):
    """Oscar's orders dashboard, plus each order's invoice, credit notes and packing slip as PDF
    (commerce/invoicing), under the same order permission as the order page itself."""

    name = "commerce.dashboard.orders"

    def configure_permissions(self):
        super().configure_permissions()
        DashboardPermission = get_class("dashboard.permissions", "DashboardPermission")
        for name in ("order-invoice", "order-credit-note", "order-packing-slip"):
            self.permissions_map[name] = (DashboardPermission.get("order", "view_order"),
                                          DashboardPermission.partner_dashboard_access)

    def get_urls(self):
        from commerce.invoicing import views as paperwork  # views import models: not before apps are ready

        urls = [
            path("<str:number>/invoice.pdf", paperwork.staff_invoice, name="order-invoice"),
            path("<str:number>/credit-notes/<str:credit_note>.pdf", paperwork.staff_credit_note,
                 name="order-credit-note"),
            path("<str:number>/packing-slip.pdf", paperwork.staff_packing_slip, name="order-packing-slip"),
        ]
        return super().get_urls() + self.post_process_urls(urls)
