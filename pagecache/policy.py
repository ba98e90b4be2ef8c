"""Which requests may be answered from the page cache, and which responses may be kept.

Only anonymous visitors qualify, recognised without touching the database: no session
cookie (signing in, checkout and staff work all create one) and no pending flash
messages. Shop pages other than the catalogue, search (each query is logged for the
reports), staff areas and every non-GET request always reach the view.
"""
from django.conf import settings

CACHEABLE_SHOP_PREFIX = "/shop/catalogue/"
NEVER = ("/shop/", "/search/", "/cms/", "/django-admin/", "/documents/", "/healthz", "/stripe/",
         "/newsletter/", "/visitor/", "/sitemap.xml", "/robots.txt", "/static/", "/media/")
REFUSING_DIRECTIVES = ("private", "no-store", "no-cache")


def request_is_cacheable(request):
    if not settings.PAGE_CACHE_SECONDS or request.method not in ("GET", "HEAD"):
        return False
    path = request.path
    if path.startswith(NEVER) and not path.startswith(CACHEABLE_SHOP_PREFIX):
        return False
    cookies = request.COOKIES  # a cookie deleted by the server may come back empty
    return not cookies.get(settings.SESSION_COOKIE_NAME) and not cookies.get("messages")


def response_is_cacheable(request, response):
    if response.status_code != 200 or response.streaming:
        return False
    if not response.get("Content-Type", "").startswith("text/html"):
        return False
    control = response.get("Cache-Control", "").lower()
    if any(directive in control for directive in REFUSING_DIRECTIVES):
        return False
    # The view signed someone in, started a session or queued a message: personal from here on.
    if settings.SESSION_COOKIE_NAME in response.cookies or "messages" in response.cookies:
        return False
    # Rendered with a visitor's own basket or browsing history: not for anyone else.
    if request.COOKIES.get(settings.OSCAR_BASKET_COOKIE_OPEN) or request.COOKIES.get(
            settings.OSCAR_RECENTLY_VIEWED_COOKIE_NAME):
        return False
    user = getattr(request, "user", None)
    return user is None or not user.is_authenticated
