"""Admin wiring: each page's 30-day sales in its header menu, and the Content sales report."""
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import Button

from reports.builders.common import money

from . import figures
from .admin_views import DAYS, ContentSalesReportView


@hooks.register("register_page_header_buttons")
def page_sales_button(page, user, view_name, next_url=None):
    """On a page's edit view: what it sold in the last 30 days, linking to every page's figures."""
    if view_name != "edit":
        return
    sold = figures.page_sales(page, figures.last_days(DAYS))
    net = money(sold["revenue"] - sold["refunds"])
    yield Button(f"Sold in the last {DAYS} days: {sold['items']} items, ${net} net",
                 url=reverse("attribution_content_sales"), icon_name="tag", priority=90)


@hooks.register("register_admin_urls")
def register_content_sales_urls():
    return [
        path("reports/content-sales/", ContentSalesReportView.as_view(), name="attribution_content_sales"),
        path("reports/content-sales/results/", ContentSalesReportView.as_view(results_only=True),
             name="attribution_content_sales_results"),
    ]


@hooks.register("register_reports_menu_item")
def register_content_sales_menu_item():
    return MenuItem("Content sales", reverse("attribution_content_sales"), icon_name="tag", order=760)
