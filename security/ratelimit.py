"""Abuse limits: how often one address may sign in, register, ask for a password reset,
send the contact form, sign up for the newsletter or look up a guest order; past the
limit the answer is 429 with a clear message. One limit counts per email address instead
of per client: the contact form's acknowledgement (over_limit_for_email), which is skipped,
not refused, past its allowance.

Counters live in the default cache (Redis in production, shared by every web worker) in
fixed windows: settings.RATE_LIMITS maps each limit to (requests, window seconds).
Login lockout per account is django-axes' job (lockout.py); the "login" limit here caps
one address trying many accounts.

While the cache can't count (Redis unreachable or refusing writes; config/cache.py then
answers as an empty cache), the limits on what a client asks for *fail open*: sign-in,
registration, password resets, the contact form, newsletter sign-ups and order look-ups
all go through, so no shopper is refused because Redis is away. What stays: login
lockout, which django-axes keeps in the database (a sixth wrong password for one account
from one address is still refused with 429), CSRF, and each form's own checks. The limit
on what the shop sends to an address (the contact form's acknowledgement) *fails closed*
instead: the message is stored and staff are told as usual, only the acknowledgement is
skipped, so nobody can have the shop mail a stranger repeatedly while counts are lost.
Counting resumes by itself with the first request after Redis answers.
"""
import time

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render
from django.utils.crypto import salted_hmac

from .client_ip import client_ip

LOGIN_PAGES = {"customer:login", "dashboard:login", "wagtailadmin_login", "staff_2fa:verify"}  # (and staff's code step)
# Guest look-ups: /shop/track/ (number + email) and Oscar's emailed order-status links.
ORDER_LOOKUPS = {"order-tracking", "customer:anon-order", "customer:anon-order-form"}
DESCRIPTIONS = {
    "login": "sign-in attempts",
    "registration": "new accounts",
    "password_reset": "password reset requests",
    "contact": "messages",
    "order_lookup": "order look-ups",
    "newsletter": "newsletter sign-ups",
}


def limit_for(request):
    """Which limit, if any, this request counts against (None for most requests)."""
    match = request.resolver_match
    name = match.view_name if match else ""
    if request.method == "POST":
        if name == "customer:register" or (name == "customer:login" and "registration_submit" in request.POST):
            return "registration"
        if name in LOGIN_PAGES:
            return "login"
        if name == "password-reset":
            return "password_reset"
        if name == "newsletter:preferences":
            return "newsletter"
    if name in ORDER_LOOKUPS and (request.method == "POST" or name != "order-tracking"):
        return "order_lookup"  # the tracking form itself (a GET without input) is free
    return None


def over_limit(request, limit):
    """Count this request against `limit` for its address; True once past the allowance
    (never while the cache can't count: fails open)."""
    return _count_and_check(limit, client_ip(request) or "unknown") is True


def over_limit_for_email(limit, email):
    """Count one use of `limit` for an email address, whoever sends it; True once past the allowance.

    For limits on what the shop sends *to* an address (the contact form's acknowledgement),
    which one client's limit can't cover: many clients can name the same address. The
    address is normalised (surrounding spaces, case) so "Ada@Example.com " counts as
    "ada@example.com", and the cache key holds a keyed hash of it, never the address.
    True as well while the cache can't count (fails closed: the message goes unacknowledged).
    """
    normalised = (email or "").strip().casefold()
    digest = salted_hmac("security.ratelimit.email", normalised, algorithm="sha256").hexdigest()
    return _count_and_check(limit, f"email-{digest}") is not False  # can't count: fails closed


def _count_and_check(limit, who):
    """True past the allowance, False within it, None if the cache can't count just now."""
    allowed, window = settings.RATE_LIMITS[limit]
    key = f"ratelimit:{limit}:{who}:{int(time.time() // window)}"
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # the window expired between add and incr, or nothing can be stored
        if cache.add(key, 1, timeout=window):
            count = 1
        else:
            try:
                count = cache.incr(key)  # another request started the new window first
            except ValueError:
                return None
    return count > allowed


def too_many_requests(request, limit):
    allowed, window = settings.RATE_LIMITS[limit]
    minutes = max(1, round(window / 60))
    response = render(request, "security/rate_limited.html", {
        "what": DESCRIPTIONS.get(limit, "requests"), "allowed": allowed, "minutes": minutes,
    }, status=429)
    response["Retry-After"] = str(window)
    return response


class RateLimitMiddleware:
    """Checks limits after URL resolution (and after the CSRF check, which sits above it)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        limit = limit_for(request)
        if limit and over_limit(request, limit):
            return too_many_requests(request, limit)
        return None
