"""A product's story: what editors write about one product, shown on its product page.

The catalogue's facts (title, price, stock, description) stay the merchandisers', in the
Oscar dashboard; the story is the editors', in Wagtail, with drafts, revisions, scheduled
publishing and preview. The row holds what is live; drafts wait in its revisions
(Wagtail's DraftStateMixin), so the storefront reads only live rows.
"""
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from wagtail.fields import StreamField
from wagtail.models import DraftStateMixin, LockableMixin, PreviewableMixin, RevisionMixin

from content.blocks import StoryBlock


class ProductStoryQuerySet(models.QuerySet):
    def live(self):
        return self.filter(live=True)


class ProductStory(DraftStateMixin, LockableMixin, RevisionMixin, PreviewableMixin, models.Model):
    """The editors' story of one product (one per product), shown under the product's details
    while it is live."""

    product = models.OneToOneField("catalogue.Product", on_delete=models.CASCADE, related_name="story",
                                   help_text="The product page that shows this story; each product has one story")
    heading = models.CharField(max_length=120, help_text="The story's title on the product page")
    body = StreamField(StoryBlock())
    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="product_story")

    objects = ProductStoryQuerySet.as_manager()

    class Meta:
        verbose_name = "product story"
        verbose_name_plural = "product stories"

    def __str__(self):
        return self.heading

    @property
    def revisions(self):
        return self._revisions

    def get_preview_template(self, request, mode_name):
        """The product page with this version as its story (the story alone until a product is chosen)."""
        return "content/product_story_preview.html" if self.product_id else "content/product_story_preview_alone.html"

    def get_preview_context(self, request, mode_name):
        context = {**super().get_preview_context(request, mode_name), "story": self}
        if self.product_id:
            context["product"] = self.product
        return context
