"""RSS 2.0 and Atom feeds of a blog index's posts (served at /blog/feed/ and /blog/feed/atom/)."""
import datetime

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed

FEED_LENGTH = 20


class BlogRssFeed(Feed):
    """Built per request for one BlogIndexPage; links are absolute on the host that asked."""

    def __init__(self, index):
        super().__init__()
        self.index = index

    def __call__(self, request, *args, **kwargs):
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def absolute(self, page):
        return self.request.build_absolute_uri(page.get_url(self.request))

    def title(self):
        return f"{self.index.title} | {settings.SHOP_NAME}"

    def link(self):
        return self.absolute(self.index)

    def description(self):
        return self.index.intro or self.index.title

    def items(self):
        return self.index.posts().prefetch_related("tags")[:FEED_LENGTH]

    def item_title(self, post):
        return post.title

    def item_description(self, post):
        return post.intro or post.search_description

    def item_link(self, post):
        return self.absolute(post)

    def item_guid(self, post):
        return self.absolute(post)

    def item_pubdate(self, post):
        return timezone.make_aware(datetime.datetime.combine(post.date, datetime.time(9, 0)))

    def item_updateddate(self, post):
        return post.last_published_at

    def item_author_name(self, post):
        return post.author or None

    def item_categories(self, post):
        return [tag.name for tag in post.tags.all()]


class BlogAtomFeed(BlogRssFeed):
    feed_type = Atom1Feed

    def subtitle(self):
        return self.description()
