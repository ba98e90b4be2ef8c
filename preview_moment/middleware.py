"""Put a staff member's chosen moment on their storefront requests, and keep them out of
everything shared.

Runs after authentication (only staff preview) and before the basket (its offers are
priced on the previewed clock). While previewing:

- the page cache is never consulted (the staff member has a session, pagecache/policy.py)
  and shared fragments are neither read nor written (pagecache/store.py share_nothing);
- every response says `Cache-Control: private, no-store`, so no proxy or browser cache
  keeps a page from the future;
- checkout is refused (403), so no order is placed at tomorrow's prices;
- staff areas (Wagtail admin, the dashboard) and machine endpoints run on the real clock.
"""
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers, patch_cache_control

from pagecache import store

from . import access, pages
from .clock import previewing_at

REAL_CLOCK_PATHS = ("/cms/", "/django-admin/", "/shop/dashboard/", "/stripe/", "/healthz", "/static/", "/media/")


def _checkout_prefix():
    return reverse("checkout:index")


class PreviewMomentMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.preview_moment = None
        moment = access.chosen_moment(request)
        if moment is None:
            return self.get_response(request)
        if not access.may_preview(request.user):
            access.leave(request)  # signed out or no longer staff: the shop as it is
            return self.get_response(request)
        if request.path.startswith(REAL_CLOCK_PATHS):
            return self.get_response(request)
        request.preview_moment = moment
        store.share_nothing(request)
        with previewing_at(moment):
            response = self.get_response(request)
        add_never_cache_headers(response)
        patch_cache_control(response, private=True)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        """Once every middleware has run (the page around the refusal shows the basket)."""
        if request.preview_moment is None:
            return None
        if request.path.startswith(_checkout_prefix()):
            return render(request, "preview_moment/checkout_closed.html", status=403)
        if pages.is_page_view(view_func) and view_args:
            pages.route_scheduled_page(request, view_args[0], request.preview_moment)
        return None
