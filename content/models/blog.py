"""The blog: an index that paginates, filters by tag and publishes feeds, and its posts."""
from django.core.paginator import Paginator
from django.db import models
from django.utils import timezone
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from content.blocks import BodyBlock
from pagecache import labels

POSTS_PER_PAGE = 10


class BlogIndexPage(RoutablePageMixin, Page):
    """The blog: its posts newest first, ten to a page, optionally one tag's; RSS and Atom under feed/."""

    intro = models.TextField(blank=True)
    content_panels = Page.content_panels + [FieldPanel("intro")]
    subpage_types = ["content.BlogPage"]

    def posts(self):
        labels.note(labels.pages_of(BlogPage))  # a post's change forgets the lists of posts
        return BlogPage.objects.child_of(self).live().public().order_by("-date", "-pk")

    @path("")
    def post_list(self, request):
        posts = self.posts().prefetch_related("tags")
        tag = request.GET.get("tag", "").strip()[:100]
        if tag:
            posts = posts.filter(tags__slug=tag)
        page = Paginator(posts, POSTS_PER_PAGE).get_page(request.GET.get("page"))
        return self.render(request, context_overrides={"posts": page, "tag": tag})

    @path("feed/")
    def rss_feed(self, request):
        from content.feeds import BlogRssFeed

        return BlogRssFeed(self)(request)

    @path("feed/atom/")
    def atom_feed(self, request):
        from content.feeds import BlogAtomFeed

        return BlogAtomFeed(self)(request)


class BlogPageTag(TaggedItemBase):
    content_object = ParentalKey("content.BlogPage", on_delete=models.CASCADE, related_name="tagged_items")


class BlogPage(Page):
    """A dated blog post with an author, tags, a hero image and a body of content blocks."""

    date = models.DateField(default=timezone.localdate)
    author = models.CharField(max_length=120, blank=True)
    intro = models.TextField(blank=True)
    hero_image = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    tags = ClusterTaggableManager(through=BlogPageTag, blank=True)
    body = StreamField(BodyBlock(), blank=True, use_json_field=True)

    content_panels = Page.content_panels + [
        FieldRowPanel([FieldPanel("date"), FieldPanel("author")]),
        FieldPanel("intro"),
        FieldPanel("hero_image"),
        FieldPanel("tags"),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]
    parent_page_types = ["content.BlogIndexPage"]
