"""Serve anonymous storefront pages from the shared cache, and keep fresh renders for later.

Sits just inside the security headers and the Content-Security-Policy middleware, so a
hit skips sessions, authentication, the basket and the view entirely, yet still gets
this request's security headers. Each inline script in a stored page carries the nonce
of the request that rendered it; a hit swaps in the new request's nonce, so the policy
stays strict and no nonce is ever reused.

The CSRF tokens in a stored page's forms belong to whoever it was rendered for, so a hit
swaps in a token of this visitor's own, through Django's CSRF middleware (which also sets
the cookie for a first visit): forms on cached pages work without JavaScript. A stored
page says `data-page-cache="hit"` on its <html> element, and the site script asks
/visitor/ for the visitor's basket count and total (static/js/site.js).

Pages are kept per query parameter they read, and only those (pagecache/policy.py); while
the cache is unreachable every page is rendered for its own request and says
`X-Page-Cache: unavailable`.

A stored page carries the labels of what it shows (pagecache/labels.py) and is served
only while none of them has been forgotten since; one product's sale or a post's edit
re-renders the pages that show it, not every page.

A cold page is rendered by one request at a time. Those that ask for it meanwhile get its
previous version (`X-Page-Cache: previous`) or, when there is none, wait briefly for the
render (pagecache/store.py claim_render): a change on a busy shop costs one render per
page, not one per waiting visitor.
"""
import re
import time

from django.conf import settings
from django.http import HttpResponse
from django.middleware.csrf import CsrfViewMiddleware, get_token
from django.utils.module_loading import import_string

from . import labels, policy, store

FRESH_MARK = b'data-page-cache="fresh"'
HIT_MARK = b'data-page-cache="hit"'
# Headers the outer middleware sets per request, and cookies, are never stored.
NOT_STORED = {"set-cookie", "content-security-policy", "content-security-policy-report-only", "content-length"}
CSRF_FIELD = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')


def seconds_to_keep():
    """The cache lifetime, cut short by the next scheduled change (a promotion starting or ending)."""
    seconds = settings.PAGE_CACHE_SECONDS
    for path in settings.PAGE_CACHE_CHANGES_AT:
        moment = import_string(path)()
        if moment is not None:
            seconds = min(seconds, int(moment.timestamp() - time.time()))
    return seconds


class AnonymousPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.csrf = CsrfViewMiddleware(get_response)  # only its request and response steps are used

    def __call__(self, request):
        if policy.may_share_parts(request):
            store.begin(request)  # before the view reads anything it might share or keep
        if policy.is_storefront_page(request):
            used, keepable = policy.page_query(request)
            policy.drop_unused_parameters(request, used)
            if not keepable:  # a parameter value no link makes: rendered, neither it nor its parts kept
                store.share_nothing(request)
                return self.get_response(request)
        if not policy.request_is_cacheable(request):
            return self.get_response(request)
        key = store.page_key(request)
        if key is None:  # the cache is unreachable (config/cache.py): every page is rendered afresh
            response = self.get_response(request)
            response["X-Page-Cache"] = "unavailable"
            return response
        entry = store.load(key)
        if entry is not None and store.is_current(request, entry["labels"]):
            return self._replay(request, entry)
        # Only a render that others could be given is worth waiting for; a page found not to
        # be one (a 404, a view that isn't a page of ours) is not waited for again.
        coalesce = policy.visitor_is_shareable(request) and not store.is_unkept(key)
        rendering = coalesce and store.claim_render(key)
        if coalesce and not rendering:  # another request is rendering this page right now
            previous = store.load(store.previous_key(request))
            if previous is not None:
                return self._replay(request, previous, mark="previous")
            entry = store.wait_for(key, settings.PAGE_CACHE_WAIT_SECONDS)
            if entry is not None:
                return self._replay(request, entry)
        try:
            with labels.collecting() as shown:
                response = self.get_response(request)
            if policy.response_is_cacheable(request, response):
                self._keep(request, response, key, shown)
            elif not policy.page_is_keepable(response):
                # Gone, or no longer a page to keep: its old version must not stand in for it.
                store.forget(store.previous_key(request))
                store.mark_unkept(key)
        finally:
            if rendering:
                store.release_render(key)
        response["X-Page-Cache"] = "miss"
        return response

    def _replay(self, request, entry, mark="hit"):
        body = entry["body"]
        nonce = getattr(request, "csp_nonce", None)
        if entry["nonce"] and nonce:
            body = body.replace(entry["nonce"].encode(), nonce.encode())
        if entry["csrf_tokens"]:
            self.csrf.process_request(request)  # this visitor's secret, or a new one
            token = get_token(request).encode()
            for stored in entry["csrf_tokens"]:
                body = body.replace(stored, token)
        response = HttpResponse(b"" if request.method == "HEAD" else body)
        for name, value in entry["headers"]:
            response[name] = value
        response["X-Page-Cache"] = mark
        # Sets the CSRF cookie when the visitor had none.
        return self.csrf.process_response(request, response) if entry["csrf_tokens"] else response

    def _keep(self, request, response, key, shown):
        if FRESH_MARK not in response.content:
            store.mark_unkept(key)  # not one of our full pages
            return
        seconds = seconds_to_keep()
        if seconds <= 0:
            return  # it changes any moment now
        stamped = store.stamp(request, shown)
        if stamped is None:
            return  # something it shows changed while it rendered: the next request renders it again
        entry = {
            "labels": stamped,
            "body": response.content.replace(FRESH_MARK, HIT_MARK, 1),
            "headers": [(k, v) for k, v in response.items() if k.lower() not in NOT_STORED],
            "nonce": getattr(request, "csp_nonce", ""),
            "csrf_tokens": sorted(set(CSRF_FIELD.findall(response.content))),
        }
        store.save(key, entry, seconds)
        store.save(store.previous_key(request), entry, seconds)
