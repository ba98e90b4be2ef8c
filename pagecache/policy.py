"""Which requests may be answered from the page cache, and which responses may be kept.

Only anonymous visitors qualify, recognised without touching the database: no session
cookie (signing in, checkout and staff work all create one) and no pending flash
messages. Shop pages other than the catalogue, search (each query is logged for the
reports), staff areas and every non-GET request always reach the view.

A storefront page is kept per query parameter it reads, and only those (`page_query`):
product listings read the listing controls, content pages their page number and blog
tag. Anything else in the address (utm_*, fbclid, gclid, a cache-buster, junk) is dropped
before the view runs, for every visitor, so it neither makes a page or fragment entry of
its own nor shows up in the page's links. A parameter the page reads but whose value is
not one it could mean (a page number of 5,000 digits, an unknown sort) is passed on as it
came, and that page is rendered without keeping it or any part of it: nobody can fill
the cache by inventing values.
"""
import re

from django.conf import settings
from django.http import QueryDict

from search.forms import MAX_PAGE
from search.query import PRICE_KEYS, SORTS

CACHEABLE_SHOP_PREFIX = "/shop/catalogue/"
NEVER = ("/shop/", "/search/", "/cms/", "/django-admin/", "/documents/", "/healthz", "/stripe/",
         "/newsletter/", "/email/", "/preview-moment/", "/visitor/", "/api/", "/sitemap.xml", "/robots.txt",
         "/static/", "/media/")
REFUSING_DIRECTIVES = ("private", "no-store", "no-cache")
# Answers that use no shared part at all (no layout, no fragment): probes, webhooks, files, the admins.
NOTHING_SHARED = ("/healthz", "/stripe/", "/visitor/", "/api/", "/email/", "/static/", "/media/", "/documents/",
                  "/cms/", "/django-admin/", "/sitemap.xml", "/robots.txt")


def _digits(value):
    return value.isascii() and value.isdigit()


def _page_number(value):
    return _digits(value) and len(value) <= len(str(MAX_PAGE)) and 1 <= int(value) <= MAX_PAGE and value[0] != "0"


def _database_id(value):
    return _digits(value) and len(value) < 10 and value[0] != "0"


def _one_of(*choices):
    allowed = frozenset(choices)
    return allowed.__contains__


SLUG = re.compile(r"[-\w]{1,100}", re.ASCII)
# name: (does a value make sense, how many values at most). Oscar's review list on a product
# page sorts by score or recency.
def _short_text(value):
    return 0 < len(value) <= 100


LISTING_PARAMETERS = {
    "page": (_page_number, 1),
    "sort_by": (_one_of(*SORTS, "score", "recency"), 1),
    "category": (_database_id, 1),
    "price": (_one_of(*PRICE_KEYS), len(PRICE_KEYS)),
    "in_stock": (_one_of("1"), 1),
    "type": (_database_id, 10),
    # the versions' attribute facets (search/facets.py): any short value, ten ticked at most
    "colour": (_short_text, 10),
    "size": (_short_text, 10),
    "material": (_short_text, 10),
}
CONTENT_PARAMETERS = {  # the blog's list of posts (content/models/blog.py)
    "page": (_page_number, 1),
    "tag": (SLUG.fullmatch, 1),
}


def is_storefront_page(request):
    """A GET of a page the cache may keep for somebody: content pages and the catalogue."""
    if request.method not in ("GET", "HEAD"):
        return False
    path = request.path
    return not path.startswith(NEVER) or path.startswith(CACHEABLE_SHOP_PREFIX)


def may_share_parts(request):
    """A GET whose page may show shared fragments (the layout's menu, the listing…)."""
    return request.method in ("GET", "HEAD") and not request.path.startswith(NOTHING_SHARED)


def request_is_cacheable(request):
    if not settings.PAGE_CACHE_SECONDS or not is_storefront_page(request):
        return False
    cookies = request.COOKIES  # a cookie deleted by the server may come back empty
    return not cookies.get(settings.SESSION_COOKIE_NAME) and not cookies.get("messages")


def page_query(request):
    """(the query parameters this page reads, as a QueryDict; whether their values may be kept)."""
    parameters = LISTING_PARAMETERS if request.path.startswith(CACHEABLE_SHOP_PREFIX) else CONTENT_PARAMETERS
    used = QueryDict(mutable=True)
    keepable = True
    for name, values in request.GET.lists():
        if name not in parameters:
            continue
        sensible, most = parameters[name]
        used.setlist(name, values)
        distinct = set(values)
        keepable = keepable and len(distinct) == len(values) <= most and all(sensible(v) for v in distinct)
    return used, keepable


def drop_unused_parameters(request, used):
    """Let the view see only the parameters it reads (its links and forms then carry no others)."""
    if len(used) == len(request.GET):
        return  # nothing to drop
    query = used.urlencode()
    request.META["QUERY_STRING"] = query
    request.GET = QueryDict(query)


def page_is_keepable(response):
    """The page itself may be kept: a whole HTML page, and nothing in it says not to."""
    if response.status_code != 200 or response.streaming:
        return False
    if not response.get("Content-Type", "").startswith("text/html"):
        return False
    control = response.get("Cache-Control", "").lower()
    return not any(directive in control for directive in REFUSING_DIRECTIVES)


def visitor_is_shareable(request):
    """Nothing of this visitor's own (a basket, a browsing history) goes into the page."""
    return not (request.COOKIES.get(settings.OSCAR_BASKET_COOKIE_OPEN)
                or request.COOKIES.get(settings.OSCAR_RECENTLY_VIEWED_COOKIE_NAME))


def response_is_cacheable(request, response):
    if not page_is_keepable(response):
        return False
    # The view signed someone in, started a session or queued a message: personal from here on.
    if settings.SESSION_COOKIE_NAME in response.cookies or "messages" in response.cookies:
        return False
    # Rendered with a visitor's own basket or browsing history: not for anyone else.
    if not visitor_is_shareable(request):
        return False
    if getattr(request, "preview_moment", None) is not None:
        return False  # a staff member's view of a future moment (preview_moment/)
    user = getattr(request, "user", None)
    return user is None or not user.is_authenticated
