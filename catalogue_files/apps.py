"""Catalogue files is an Oscar dashboard app, so its menu entry and pages use Oscar's
permission checks (`permissions_map`) like the product pages beside it.

Importing changes products and stock, so it needs both change permissions; exporting
needs to see the products. The Merchandisers role has all of them (commerce/accounts/roles.py).
"""
from django.urls import path
from oscar.core.application import OscarDashboardConfig

IMPORT = ["is_staff", "catalogue.change_product", "partner.change_stockrecord"]
EXPORT = ["is_staff", "catalogue.view_product"]


class CatalogueFilesConfig(OscarDashboardConfig):
    default = True
    name = "catalogue_files"
    label = "catalogue_files"
    verbose_name = "Catalogue files"
    namespace = "catalogue-files"
    default_permissions = IMPORT
    # URL names are unique among all dashboard apps (Oscar's menu maps each to one app).
    permissions_map = {
        "catalogue-files": IMPORT,
        "catalogue-file-job": IMPORT,
        "catalogue-file-job-status": IMPORT,
        "catalogue-file-job-apply": IMPORT,
        "catalogue-file-export": EXPORT,
    }

    def get_urls(self):
        from . import views

        urls = [
            path("", views.ImportIndexView.as_view(), name="catalogue-files"),
            path("imports/<int:pk>/", views.job_page, name="catalogue-file-job"),
            path("imports/<int:pk>/status/", views.job_status, name="catalogue-file-job-status"),
            path("imports/<int:pk>/apply/", views.apply_job, name="catalogue-file-job-apply"),
            path("export/<str:layout>.<str:fmt>", views.export, name="catalogue-file-export"),
        ]
        return self.post_process_urls(urls)
