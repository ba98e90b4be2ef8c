"""Admin wiring: the catalogue choosers, product stories, the content health report and its email opt-in."""
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, PublishingPanel
from wagtail.admin.ui.tables import UpdatedAtColumn
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from . import choosers
from .health_report import ContentHealthEmailPanel, ContentHealthReportView
from .models import ProductStory


@hooks.register("register_admin_viewset")
def register_catalogue_choosers():
    return choosers.ALL


class ProductStoryViewSet(SnippetViewSet):
    """Product stories under their own menu item; the product is picked with the catalogue's chooser."""

    model = ProductStory
    icon = "doc-full"
    menu_label = "Product stories"
    menu_order = 250
    add_to_admin_menu = True
    list_display = ["heading", "product", "live", UpdatedAtColumn()]
    list_filter = ["live"]
    search_fields = ["heading", "product__title"]
    panels = [FieldPanel("product", widget=choosers.product_chooser.widget_class), FieldPanel("heading"),
              FieldPanel("body"), PublishingPanel()]


register_snippet(ProductStoryViewSet)


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
