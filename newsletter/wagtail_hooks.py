"""Newsletters in /cms/: a snippet with drafts, revisions and an email preview, plus send and test pages."""
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, PublishingPanel
from wagtail.admin.ui.tables import UpdatedAtColumn
from wagtail.admin.widgets import ListingButton
from wagtail.snippets.action_menu import ActionMenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from . import send_views
from .models import Newsletter


class NewsletterViewSet(SnippetViewSet):
    model = Newsletter
    icon = "mail"
    menu_label = "Newsletters"
    menu_order = 260
    add_to_admin_menu = True
    list_display = ["title", "subject", "live", UpdatedAtColumn()]
    list_filter = ["live"]
    search_fields = ["title", "subject"]
    panels = [FieldPanel("title"), FieldPanel("subject"), FieldPanel("preheader"), FieldPanel("body"),
              PublishingPanel()]


register_snippet(NewsletterViewSet)


@hooks.register("register_admin_urls")
def register_newsletter_urls():
    return [
        path("newsletters/<int:pk>/send/", send_views.send_page, name="newsletter_send"),
        path("newsletters/<int:pk>/test/", send_views.test_page, name="newsletter_test"),
        path("newsletters/sends/<int:pk>/cancel/", send_views.cancel_send, name="newsletter_cancel_send"),
    ]


@hooks.register("register_snippet_listing_buttons")
def newsletter_listing_buttons(snippet, user, next_url=None):
    if not isinstance(snippet, Newsletter):
        return []
    buttons = [ListingButton("Send me a test", reverse("newsletter_test", args=[snippet.pk]), priority=20)]
    if user.has_perm(send_views.SEND_PERMISSION):
        buttons.append(ListingButton("Send…", reverse("newsletter_send", args=[snippet.pk]), priority=10))
    return buttons


class LinkMenuItem(ActionMenuItem):
    """An entry of the editor's action menu that opens one of the newsletter's pages."""

    def __init__(self, label, url_name, permission=None, order=None):
        super().__init__(order=order)
        self.label, self.url_name, self.permission = label, url_name, permission
        self.name = f"newsletter-{url_name}"

    def is_shown(self, context):
        instance = context.get("instance")
        return (context.get("view") == "edit" and isinstance(instance, Newsletter) and instance.pk is not None
                and (self.permission is None or context["request"].user.has_perm(self.permission)))

    def get_url(self, parent_context):
        return reverse(self.url_name, args=[parent_context["instance"].pk])


@hooks.register("register_snippet_action_menu_item")
def newsletter_test_menu_item(model):
    return LinkMenuItem("Send me a test…", "newsletter_test", order=200) if model is Newsletter else None


@hooks.register("register_snippet_action_menu_item")
def newsletter_send_menu_item(model):
    if model is Newsletter:
        return LinkMenuItem("Send…", "newsletter_send", send_views.SEND_PERMISSION, order=210)
    return None
