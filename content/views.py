"""Site-wide files for crawlers: /robots.txt (the sitemap is content.sitemaps.sitemap)."""
from django.http import HttpResponse
from django.views.decorators.http import require_GET

# Back offices, and pages that only make sense for one shopper.
DISALLOWED = ["/cms/", "/django-admin/", "/shop/dashboard/", "/shop/basket/", "/shop/checkout/",
              "/shop/accounts/", "/search/"]


@require_GET
def robots_txt(request):
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in DISALLOWED), "",
             f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
