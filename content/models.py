"""Page types editors publish in /cms/.

The home page is the site root; standard pages carry about/delivery/returns copy;
the contact page is a form whose submissions are kept in the admin; the blog and
promotions are indexes with dated child pages.
"""
from django.db import models
from django.utils import timezone
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.forms.models import AbstractForm, AbstractFormField
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index
from modelcluster.fields import ParentalKey

from .blocks import BodyBlock


class HomePage(Page):
    """The shop's front page: a hero message and a body of content blocks."""

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
        ctx["current_promotions"] = PromotionPage.objects.live().current()[:3]
        ctx["latest_posts"] = BlogPage.objects.live().order_by("-date")[:3]
        return ctx


class StandardPage(Page):
    """A plain content page: about us, delivery, returns, privacy."""

    intro = models.TextField(blank=True)
    body = StreamField(BodyBlock(), blank=True, use_json_field=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]


class ContactFormField(AbstractFormField):
    page = ParentalKey("ContactPage", on_delete=models.CASCADE, related_name="form_fields")


class ContactPage(AbstractForm):
    """A contact form; every submission is stored and listed under Forms in the admin."""

    intro = RichTextField(blank=True)
    thank_you_text = RichTextField(blank=True)

    content_panels = AbstractForm.content_panels + [
        FieldPanel("intro"),
        InlinePanel("form_fields", label="Form fields"),
        FieldPanel("thank_you_text"),
    ]


class BlogIndexPage(Page):
    """The blog: lists its posts, newest first."""

    intro = models.TextField(blank=True)
    content_panels = Page.content_panels + [FieldPanel("intro")]
    subpage_types = ["content.BlogPage"]

    def get_context(self, request, *args, **kwargs):
        ctx = super().get_context(request, *args, **kwargs)
        ctx["posts"] = BlogPage.objects.child_of(self).live().order_by("-date")
        return ctx


class BlogPage(Page):
    """A dated blog post with an author and a body of content blocks."""

    date = models.DateField(default=timezone.localdate)
    author = models.CharField(max_length=120, blank=True)
    intro = models.TextField(blank=True)
    hero_image = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = StreamField(BodyBlock(), blank=True, use_json_field=True)

    content_panels = Page.content_panels + [
        FieldRowPanel([FieldPanel("date"), FieldPanel("author")]),
        FieldPanel("intro"),
        FieldPanel("hero_image"),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]
    parent_page_types = ["content.BlogIndexPage"]


class PromotionIndexPage(Page):
    """Lists the promotions running now."""

    intro = models.TextField(blank=True)
    content_panels = Page.content_panels + [FieldPanel("intro")]
    subpage_types = ["content.PromotionPage"]

    def get_context(self, request, *args, **kwargs):
        ctx = super().get_context(request, *args, **kwargs)
        ctx["promotions"] = PromotionPage.objects.child_of(self).live().current()
        return ctx


class PromotionQuerySet(PageQuerySet):
    def current(self):
        """Promotions whose window contains now."""
        now = timezone.now()
        return self.filter(starts_at__lte=now).filter(
            models.Q(ends_at__isnull=True) | models.Q(ends_at__gt=now)
        ).order_by("ends_at")


class PromotionPage(Page):
    """A time-boxed promotion: banner copy shown between its start and end."""

    banner_text = models.CharField(max_length=200)
    starts_at = models.DateTimeField(default=timezone.now)
    ends_at = models.DateTimeField(null=True, blank=True)
    body = StreamField(BodyBlock(), blank=True, use_json_field=True)

    content_panels = Page.content_panels + [
        FieldPanel("banner_text"),
        FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")]),
        FieldPanel("body"),
    ]
    parent_page_types = ["content.PromotionIndexPage"]

    objects = PageManager.from_queryset(PromotionQuerySet)()

    @property
    def is_running(self):
        now = timezone.now()
        return self.starts_at <= now and (self.ends_at is None or now < self.ends_at)
