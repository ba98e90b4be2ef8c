"""Admin wiring: the catalogue choosers, the content health report and its email opt-in."""
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import choosers
from .health_report import ContentHealthEmailPanel, ContentHealthReportView


@hooks.register("register_admin_viewset")
def register_catalogue_choosers():
    return choosers.ALL


@hooks.register("register_admin_urls")
def register_content_health_urls():
    return [
        path("reports/content-health/", ContentHealthReportView.as_view(), name="content_health"),
        path("reports/content-health/results/", ContentHealthReportView.as_view(results_only=True),
             name="content_health_results"),
    ]


@hooks.register("register_reports_menu_item")
def register_content_health_menu_item():
    return MenuItem("Content health", reverse("content_health"), icon_name="warning", order=750)


@hooks.register("register_account_settings_panel")
def register_content_health_email_panel(request, user, profile):
    return ContentHealthEmailPanel(request, user, profile)
