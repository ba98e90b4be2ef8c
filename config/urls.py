"""URL map: Wagtail at /, Oscar under /shop/, Wagtail admin at /cms/, search at /search/.

Wagtail's catch-all page serving comes last so it never shadows the shop.
"""
from django.apps import apps
from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from commerce.order.tracking import track_order
from pagecache.views import visitor_state

from . import health

urlpatterns = [
    # Probes (config/health.py): live = the process answers; ready = the database answers
    # (optional parts are reported "degraded" with 200); /healthz is ready, for older probes.
    path("healthz", health.healthz, name="healthz"),
    path("healthz/live", health.live, name="healthz-live"),
    path("healthz/ready", health.ready, name="healthz-ready"),
    path("visitor/", visitor_state, name="visitor-state"),  # basket + CSRF for cached pages (pagecache/)
    path("", include("content.urls")),  # /sitemap.xml, /robots.txt
    path("django-admin/", admin.site.urls),
    path("cms/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("search/", apps.get_app_config("search").urls),
    path("api/", include("api.urls")),  # the REST API (api/, docs/api.md)
    path("shop/dashboard/api-keys/", include("api.dashboard")),  # API keys for integrations (staff)
    path("", include("commerce.payments.urls")),  # /stripe/webhook/, dashboard refunds
    # Reports live in the dashboard but are our own app; before the shop so Oscar never sees them.
    path("shop/dashboard/insights/", apps.get_app_config("reports").urls),
    path("shop/dashboard/catalogue-files/", apps.get_app_config("catalogue_files").urls),  # CSV/XLSX import, export
    path("shop/dashboard/tax/", include("commerce.tax.dashboard")),  # tax rates (merchandisers)
    path("shop/dashboard/outbox/", include("outbox.urls")),  # undelivered email, retry (staff)
    path("shop/dashboard/basket-reminders/", include("basket_reminders.dashboard")),  # settings (merchandisers)
    path("shop/basket/reminded/", include("basket_reminders.urls")),  # a reminder's restore link
    path("shop/dashboard/webhooks/", include("webhooks.dashboard")),  # endpoints, deliveries, retry (merchandisers)
    path("shop/dashboard/returns/", include("commerce.returns.dashboard")),  # returns (merchandisers)
    path("shop/", include("commerce.returns.urls")),  # asking for a return, the slip (commerce/returns)
    # Invoices and credit notes for customers and guests (commerce/invoicing), beside their order pages.
    path("shop/accounts/", include("commerce.invoicing.urls")),
    path("shop/track/", track_order, name="order-tracking"),  # guest order look-up (commerce/order)
    path("newsletter/", include("newsletter.urls")),  # opt-in, confirm, one-click unsubscribe
    path("email/", include("email_tracking.urls")),  # open pixel and click redirect of marketing email
    path("preview-moment/", include("preview_moment.urls")),  # staff see the shop at a future moment
    path("staff/two-factor/", include("staff_2fa.urls")),  # the staff sign-in's second step (staff_2fa/)
    # Oscar's storefront; its forks (commerce/: account pages, wish lists...) answer through its own URLs.
    path("shop/", include(apps.get_app_config("oscar").urls[0])),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns.append(path("", include(wagtail_urls)))
