"""A basket add made from a content page (BasketTouch), and what an order line keeps of them (LineAttribution)."""
from django.db import models


class BasketTouch(models.Model):
    """One add to the basket from a block of a content page (which page, which block, which product, when),
    or made after clicking a link in a marketing email (which email, when clicked: `email_key`)."""

    basket = models.ForeignKey("basket.Basket", on_delete=models.CASCADE, related_name="touches")
    page = models.ForeignKey("wagtailcore.Page", null=True, blank=True, on_delete=models.CASCADE, related_name="+",
                             help_text="Empty for an email touch")
    block_type = models.CharField(max_length=64, blank=True,
                                  help_text="The block's name in the page's stream, e.g. product_grid")
    product = models.ForeignKey("catalogue.Product", on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    # The other source kind: an add made after clicking a link in a marketing email (email_tracking/).
    email_key = models.CharField(max_length=200, blank=True,
                                 help_text="The outbox key of the marketing email whose link was clicked")
    clicked_at = models.DateTimeField(null=True, blank=True, help_text="When that link was clicked")

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.block_type} on page {self.page_id} → product {self.product_id}"


class LineAttribution(models.Model):
    """The first and the last content touch that led to an order line, kept when the order was placed.

    Pages are kept by reference (emptied if a page is deleted) beside the block type, so the
    report still counts what a deleted page sold, as "a deleted page". A line bought after
    clicking a marketing email also keeps that email's outbox key (`email_key`); a line only
    an email led to has no content touch (`last_touched_at` empty).
    """

    line = models.OneToOneField("order.Line", on_delete=models.CASCADE, related_name="attribution")
    first_page = models.ForeignKey("wagtailcore.Page", null=True, on_delete=models.SET_NULL, related_name="+")
    first_block_type = models.CharField(max_length=64)
    first_touched_at = models.DateTimeField(null=True, blank=True, help_text="Empty: no content page led to it")
    last_page = models.ForeignKey("wagtailcore.Page", null=True, on_delete=models.SET_NULL, related_name="+")
    last_block_type = models.CharField(max_length=64)
    last_touched_at = models.DateTimeField(null=True, blank=True)
    email_key = models.CharField(max_length=200, blank=True, db_index=True,
                                 help_text="The outbox key of the last marketing email clicked before the add")
    email_clicked_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"Line {self.line_id}: first page {self.first_page_id}, last page {self.last_page_id}"
