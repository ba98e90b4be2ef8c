"""The front page and plain content pages (about us, delivery, returns)."""
from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from content.blocks import BodyBlock
from pagecache import labels

from .blog import BlogPage
from .promotions import PromotionPage


class HomePage(Page):
    """The shop's front page: a hero message, running promotions, and a body of content blocks."""

    hero_title = models.CharField(max_length=120, blank=True)
    hero_text = models.TextField(blank=True)
    hero_image = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = StreamField(BodyBlock(), blank=True, use_json_field=True)

    content_panels = Page.content_panels + [
        MultiFieldPanel([FieldPanel("hero_title"), FieldPanel("hero_text"), FieldPanel("hero_image")], "Hero"),
        FieldPanel("body"),
    ]
    max_count = 1
    parent_page_types = ["wagtailcore.Page"]

    def get_context(self, request, *args, **kwargs):
        ctx = super().get_context(request, *args, **kwargs)
        ctx["current_promotions"] = PromotionPage.objects.live().public().current()[:3]
        labels.note(labels.pages_of(BlogPage))  # a post's change forgets the lists of posts
        ctx["latest_posts"] = BlogPage.objects.live().public().order_by("-date")[:3]
        return ctx


class StandardPage(Page):
    """A plain content page: about us, delivery, returns, privacy."""

    intro = models.TextField(blank=True)
    body = StreamField(BodyBlock(), blank=True, use_json_field=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]
