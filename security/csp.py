"""Content Security Policy on every response (Django 5.2 has none built in).

Shop pages get a strict policy: scripts only from our origin, Stripe.js's origin and the
one inline block base.html marks with this request's nonce (`request.csp_nonce`). Stripe
needs its script, frames (card fields, 3-D Secure) and API calls allowed; the origins are
read from settings.STRIPE_JS_URL / STRIPE_API_BASE on each request, so tests that point
them at localstripe allow localstripe and nothing else.

Staff areas (Wagtail admin, Oscar dashboard, Django admin) ship inline scripts in
third-party templates we don't control (Wagtail's panels and widgets, Oscar's dashboard
handlers), so there the enforced policy allows inline script but still limits every
origin to ours and Stripe's; the strict shop policy is sent as Report-Only beside it, so
a browser console shows what would break if it were enforced.
"""
import secrets
from urllib.parse import urlsplit

from django.conf import settings

STAFF_AREAS = ("/cms/", "/shop/dashboard/", "/django-admin/")
STRIPE_JS_DEFAULT = "https://js.stripe.com"
STRIPE_API_DEFAULT = "https://api.stripe.com"


def origin_of(url):
    parts = urlsplit(url or "")
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


def stripe_sources():
    """(script/frame origins, API origins) for Stripe.js and the Stripe API."""
    js = origin_of(settings.STRIPE_JS_URL) or STRIPE_JS_DEFAULT
    api = origin_of(settings.STRIPE_API_BASE) or STRIPE_API_DEFAULT
    frames = [js, "https://*.js.stripe.com", "https://hooks.stripe.com"] if js == STRIPE_JS_DEFAULT else [js]
    scripts = [js, "https://*.js.stripe.com"] if js == STRIPE_JS_DEFAULT else [js]
    apis = [api, js] if api != js else [api]  # Stripe.js also calls home to its own origin
    return scripts, frames, apis


def build_policy(nonce=None):
    """The policy text; with a nonce inline scripts need it, without one they are allowed."""
    scripts, frames, apis = stripe_sources()
    media = origin_of(settings.MEDIA_URL)
    inline = [f"'nonce-{nonce}'"] if nonce else ["'unsafe-inline'"]
    directives = {
        "default-src": ["'self'"],
        "script-src": ["'self'", *scripts, *inline],
        "style-src": ["'self'", "'unsafe-inline'"],  # style attributes in Oscar's templates; no script runs from CSS
        "img-src": ["'self'", "data:", "blob:", *([media] if media else []), *settings.CSP_EXTRA_IMG_SOURCES],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'", *apis],
        "frame-src": ["'self'", *frames, *settings.CSP_EXTRA_FRAME_SOURCES],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'self'"],
    }
    return "; ".join(f"{name} {' '.join(dict.fromkeys(values))}" for name, values in directives.items())


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.csp_nonce = secrets.token_urlsafe(18)
        response = self.get_response(request)
        if "Content-Security-Policy" in response:
            return response  # a view that set its own policy knows better
        strict = build_policy(nonce=request.csp_nonce)
        if request.path.startswith(STAFF_AREAS):
            response["Content-Security-Policy"] = build_policy(nonce=None)
            response["Content-Security-Policy-Report-Only"] = strict
        else:
            response["Content-Security-Policy"] = strict
        return response
