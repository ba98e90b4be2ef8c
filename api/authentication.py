"""`Authorization: Bearer <key>` (or `Api-Key <key>`) for integrations.

A key is not a person: request.user stays anonymous and request.auth is the ApiKey, so a
key never reaches a customer's basket or account. Key requests skip CSRF (no browser
sends the header by itself); session requests keep DRF's CSRF check.
"""
from django.contrib.auth.models import AnonymousUser
from rest_framework import authentication, exceptions

from .keys import find_key

SCHEMES = ("bearer", "api-key")


class ApiKeyAuthentication(authentication.BaseAuthentication):
    def authenticate(self, request):
        header = request.META.get("HTTP_AUTHORIZATION", "")
        scheme, _, value = header.partition(" ")
        if scheme.lower() not in SCHEMES:
            return None
        key = find_key(value.strip())
        if key is None:
            raise exceptions.AuthenticationFailed("The API key is wrong or has been revoked.")
        return AnonymousUser(), key

    def authenticate_header(self, request):
        return 'Bearer realm="api"'


class SessionAuthentication(authentication.SessionAuthentication):
    """DRF's session authentication, with CSRF checked for anonymous shoppers too.

    DRF checks CSRF only for signed-in users, but an anonymous basket is held by a cookie
    just as much: a forged form on another site could fill it. So every unsafe request that
    carries no API key must carry the CSRF token.
    """

    def authenticate(self, request):
        user = getattr(request._request, "user", None)
        if request.method not in ("GET", "HEAD", "OPTIONS", "TRACE"):
            self.enforce_csrf(request)
        if not user or not user.is_active:
            return None
        return user, None
