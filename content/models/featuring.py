"""Which live pages feature which products: kept by content/featuring.py as pages are published."""
from django.db import models


class FeaturedProduct(models.Model):
    """One product shown by one block of a live page (a product block, a hand-picked grid, a
    promotion's picked products). The storefront's "Featured in" and the dashboard read it."""

    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="featured_products")
    product = models.ForeignKey("catalogue.Product", on_delete=models.CASCADE, related_name="featured_on")
    block_type = models.CharField(max_length=64, help_text="The body block that shows it (product, product_grid…)")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["page", "product", "block_type"],
                                               name="featured_once_per_block")]

    def __str__(self):
        return f"{self.product_id} on page {self.page_id} ({self.block_type})"
