"""Promotions in time: a page that is public only inside its window and drives an Oscar offer.

Before `starts_at` the page is a 404 to the public (editors can still preview it);
inside the window it shows its banner, copy and the products it promotes; after
`ends_at` it stays up and says the promotion has ended, pointing to current ones.
Publishing the page keeps the linked offer's and voucher's dates equal to its window
(PromotionPage.sync_offer_window), so the discount runs exactly when the page does; and
no cached page outlives the next start or end of a live promotion (next_window_change).
Whether a promotion runs is judged on the shop's clock (`shop_now`), so staff previewing a
later moment see the promotions of that moment; cache lifetimes stay on real time.
"""
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Min, Q
from django.http import Http404
from django.utils import timezone
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page, PageManager
from wagtail.query import PageQuerySet

from content.blocks import BodyBlock
from content.blocks.shoppable import grid_products
from content.choosers import ProductChooserBlock
from preview_moment.clock import shop_now


class PromotionIndexPage(Page):
    """Lists the promotions running now."""

    intro = models.TextField(blank=True)
    content_panels = Page.content_panels + [FieldPanel("intro")]
    subpage_types = ["content.PromotionPage"]

    def get_context(self, request, *args, **kwargs):
        ctx = super().get_context(request, *args, **kwargs)
        ctx["promotions"] = PromotionPage.objects.child_of(self).live().public().current()
        return ctx


class PromotionQuerySet(PageQuerySet):
    def current(self):
        """Promotions whose window contains now (the shop's now: preview_moment/clock.py)."""
        now = shop_now()
        return self.filter(starts_at__lte=now).filter(
            Q(ends_at__isnull=True) | Q(ends_at__gt=now)
        ).order_by("ends_at")


class PromotionPage(Page):
    """A time-boxed promotion: banner and copy, its window, and what it promotes in the shop."""

    banner_text = models.CharField(max_length=200)
    banner_image = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    starts_at = models.DateTimeField(default=timezone.now)
    ends_at = models.DateTimeField(null=True, blank=True, help_text="Leave empty for an open-ended promotion")
    offer = models.ForeignKey("offer.ConditionalOffer", null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+", help_text="Its start and end follow this page's window")
    voucher = models.ForeignKey("voucher.Voucher", null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="+", help_text="Its code is shown; its dates follow this page's window")
    range = models.ForeignKey("offer.Range", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    category = models.ForeignKey("catalogue.Category", null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+")
    products = StreamField([("product", ProductChooserBlock())], blank=True, use_json_field=True,
                           help_text="Hand-picked products; if empty, the range's or category's are shown")
    body = StreamField(BodyBlock(), blank=True, use_json_field=True)

    content_panels = Page.content_panels + [
        FieldPanel("banner_text"),
        FieldPanel("banner_image"),
        FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")]),
        MultiFieldPanel([FieldPanel("offer"), FieldPanel("voucher"), FieldPanel("range"), FieldPanel("category"),
                         FieldPanel("products")], "What it promotes"),
        FieldPanel("body"),
    ]
    parent_page_types = ["content.PromotionIndexPage"]

    objects = PageManager.from_queryset(PromotionQuerySet)()

    def clean(self):
        super().clean()
        if self.ends_at and self.starts_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": "The promotion must end after it starts."})

    def is_running_at(self, moment):
        return self.starts_at <= moment and (self.ends_at is None or moment < self.ends_at)

    @property
    def is_running(self):
        return self.is_running_at(shop_now())

    @property
    def has_ended(self):
        return self.ends_at is not None and self.ends_at <= shop_now()

    def promoted_products(self, limit=12):
        picked = [block.value for block in self.products]
        source = "picked" if picked else "range" if self.range_id else "category" if self.category_id else None
        if source is None:
            return []
        return grid_products({"source": source, "products": picked, "range": self.range,
                              "category": self.category, "limit": limit})

    def save(self, *args, **kwargs):
        result = super().save(*args, **kwargs)
        fields = kwargs.get("update_fields")
        if self.live and (fields is None or {"starts_at", "ends_at", "offer", "voucher", "live"} & set(fields)):
            self.sync_offer_window()
        return result

    def sync_offer_window(self):
        """Copy the page's start and end onto its offer and voucher (a voucher always needs an end, so an
        open-ended promotion leaves the voucher's end as it was)."""
        if self.offer_id:
            self._meta.get_field("offer").related_model.objects.filter(pk=self.offer_id).update(
                start_datetime=self.starts_at, end_datetime=self.ends_at)
        if self.voucher_id:
            dates = {"start_datetime": self.starts_at}
            if self.ends_at:
                dates["end_datetime"] = self.ends_at
            self._meta.get_field("voucher").related_model.objects.filter(pk=self.voucher_id).update(**dates)

    def serve(self, request, *args, **kwargs):
        if shop_now() < self.starts_at and not getattr(request, "is_preview", False):
            raise Http404("This promotion has not started yet.")
        return super().serve(request, *args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        ctx = super().get_context(request, *args, **kwargs)
        if self.has_ended:
            ctx["current_promotions"] = PromotionPage.objects.live().public().current().exclude(pk=self.pk)[:6]
        else:
            ctx["promoted_products"] = self.promoted_products()
        return ctx

    def get_sitemap_urls(self, request=None):
        return super().get_sitemap_urls(request) if self.is_running else []


def next_window_change():
    """When the next live promotion starts or ends: pages listing promotions change then.

    The page cache keeps no page past this moment (settings.PAGE_CACHE_CHANGES_AT).
    """
    now = timezone.now()
    moments = PromotionPage.objects.live().aggregate(
        start=Min("starts_at", filter=Q(starts_at__gt=now)), end=Min("ends_at", filter=Q(ends_at__gt=now)))
    upcoming = [m for m in moments.values() if m is not None]
    return min(upcoming) if upcoming else None
