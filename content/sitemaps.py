"""/sitemap.xml: live public Wagtail pages, browsable products and public categories.

Pages come from wagtail.contrib.sitemaps (its URLs use the Wagtail Site's host name);
products and categories use the host the sitemap was requested on, so no
django.contrib.sites record has to be kept in step.
"""
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import sitemap as render_sitemap
from oscar.core.loading import get_model
from wagtail.contrib.sitemaps import Sitemap as PageSitemap

Category = get_model("catalogue", "Category")
Product = get_model("catalogue", "Product")


class RequestHostSitemap(Sitemap):
    def __init__(self, request):
        self.request = request

    def get_domain(self, site=None):
        return self.request.get_host()


class ProductSitemap(RequestHostSitemap):
    changefreq = "daily"

    def items(self):
        return Product.objects.browsable().only("id", "slug", "date_updated").order_by("id")

    def lastmod(self, product):
        return product.date_updated


class CategorySitemap(RequestHostSitemap):
    changefreq = "weekly"

    def items(self):
        return Category.objects.filter(is_public=True, ancestors_are_public=True).order_by("path")

    def lastmod(self, category):
        return None


def sitemap(request):
    sections = {"pages": PageSitemap, "products": ProductSitemap, "categories": CategorySitemap}
    return render_sitemap(request, {name: cls(request) for name, cls in sections.items()})
