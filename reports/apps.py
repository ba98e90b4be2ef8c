"""The reports app is an Oscar dashboard app, so its menu entries and views use Oscar's
permission checks (`permissions_map`) like every other dashboard page."""
from django.urls import path
from oscar.core.application import OscarDashboardConfig

VIEW = ["is_staff", "reports.view_reportrun"]


class ReportsConfig(OscarDashboardConfig):
    default = True  # apps.py also imports Oscar's base config
    name = "reports"
    label = "reports"
    verbose_name = "Reports"
    namespace = "insights"
    default_permissions = VIEW
    # Names are prefixed "insights-": Oscar's menu maps each dashboard URL name to one app.
    permissions_map = {
        "insights-index": VIEW,
        "insights-run": VIEW,
        "insights-run-status": VIEW,
        "insights-run-download": VIEW,
        "insights-subscription": VIEW,
    }

    def ready(self):
        super().ready()
        from . import product_views

        product_views.connect()  # product views counted off the request path

    def get_urls(self):
        from . import views

        urls = [
            path("", views.ReportIndexView.as_view(), name="insights-index"),
            path("runs/<int:pk>/", views.ReportRunView.as_view(), name="insights-run"),
            path("runs/<int:pk>/status/", views.run_status, name="insights-run-status"),
            path("runs/<int:pk>/report.<str:fmt>", views.download, name="insights-run-download"),
            path("subscription/", views.SubscriptionView.as_view(), name="insights-subscription"),
        ]
        return self.post_process_urls(urls)
