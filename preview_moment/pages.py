"""Wagtail pages as they will be at a moment: their scheduled revision, or nothing once expired.

Wagtail keeps at most one scheduled revision per page (`approved_go_live_at`), which
`publish_scheduled` publishes when its time comes. At a previewed moment past that time
the page shows that revision; a page whose expiry (`expire_at`) has passed by then is
gone (404). A page never published yet, whose first revision is scheduled, is found by
its address too, as Wagtail's routing serves only live pages.
"""
from wagtail.models import Page, Site
from wagtail.url_routing import RouteResult
from wagtail.views import serve


def page_at(page, moment):
    """The page (or its scheduled revision) live at `moment`, or None if none will be."""
    revision = page.scheduled_revision
    if revision is not None and revision.approved_go_live_at <= moment:
        shown = revision.as_object()
    elif page.live:
        shown = page
    else:
        return None
    if shown.expire_at is not None and shown.expire_at <= moment:
        return None
    return shown


def route_scheduled_page(request, path, moment):
    """Let Wagtail's page view find a not-yet-live page whose first revision will be live at
    `moment`. Wagtail's route_for_request keeps its answer on the request; an answer given
    here first is the one it then serves."""
    if Page.route_for_request(request, path) is not None:
        return
    site = Site.find_for_request(request)
    if site is None:
        return
    url_path = site.root_page.url_path + "/".join(part for part in path.split("/") if part)
    url_path = url_path.rstrip("/") + "/"
    page = Page.objects.filter(url_path=url_path, live=False).first()
    if page is not None and page_at(page, moment) is not None:
        request._wagtail_route_for_request = RouteResult(page.specific)


def is_page_view(view_func):
    return view_func is serve
