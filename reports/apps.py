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
    # reverse("reports:report-run", ...). Oscar's own reports page is "dashboard:reports-index",
    # nested in the dashboard's namespace, so the two never meet.
    namespace = "reports"
    default_permissions = VIEW
    # Names are unique among all dashboard apps (Oscar's menu maps each URL name to one app),
    # hence "report-runs", not "index".
    permissions_map = {
        "report-runs": VIEW,
        "report-run": VIEW,
        "report-run-status": VIEW,
        "report-run-download": VIEW,
        "report-subscription": VIEW,
    }

    def ready(self):
        super().ready()
        from . import product_views

        product_views.connect()  # product views counted off the request path

    def get_urls(self):
        from . import views

        urls = [
            path("", views.ReportIndexView.as_view(), name="report-runs"),
            path("runs/<int:pk>/", views.ReportRunView.as_view(), name="report-run"),
            path("runs/<int:pk>/status/", views.run_status, name="report-run-status"),
            path("runs/<int:pk>/report.<str:fmt>", views.download, name="report-run-download"),
            path("subscription/", views.SubscriptionView.as_view(), name="report-subscription"),
        ]
        return self.post_process_urls(urls)
