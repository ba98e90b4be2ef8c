import oscar.apps.dashboard.shipping.apps as apps
from django.urls import path
from oscar.core.loading import get_class


class ShippingDashboardConfig(apps.ShippingDashboardConfig):
    """Oscar's shipping dashboard, forked so a method's zone, threshold and position are editable
    (forms.py) and its order-value bands kept (value_bands.py)."""

    name = "commerce.dashboard.shipping"

    def configure_permissions(self):
        super().configure_permissions()
        DashboardPermission = get_class("dashboard.permissions", "DashboardPermission")
        change = DashboardPermission.get("shipping", "view_weightbased", "change_weightbased")
        self.permissions_map.update({"shipping-method-value-bands": change,
                                     "shipping-method-value-band-delete": change})

    def get_urls(self):
        from .value_bands import DeleteValueBand, ValueBands

        return [*super().get_urls(), *self.post_process_urls([
            path("weight-based/<int:pk>/value-bands/", ValueBands.as_view(), name="shipping-method-value-bands"),
            path("weight-based/<int:pk>/value-bands/<int:band_pk>/delete/", DeleteValueBand.as_view(),
                 name="shipping-method-value-band-delete"),
        ])]
