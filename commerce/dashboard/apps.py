import oscar.apps.dashboard.apps as apps


class DashboardConfig(apps.DashboardConfig):
    """Oscar's dashboard, forked only so its sub-apps can be: Oscar resolves "dashboard.orders.views"
    through the app labelled "dashboard", so commerce/dashboard/orders is found only under this one."""

    name = "commerce.dashboard"
