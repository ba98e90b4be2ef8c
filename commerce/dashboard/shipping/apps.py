import oscar.apps.dashboard.shipping.apps as apps


class ShippingDashboardConfig(apps.ShippingDashboardConfig):
    """Oscar's shipping dashboard, forked so a method's zone, threshold and position are editable (forms.py)."""

    name = "commerce.dashboard.shipping"
