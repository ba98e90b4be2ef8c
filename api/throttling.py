"""Request limits: per client address for anonymous callers, per key for integrations.

Counted in the project's shared cache (settings.API_THROTTLE_CACHE, the default cache) so
every web process counts the same requests; rates come from settings.API_THROTTLE_RATES.
"""
from django.conf import settings
from django.core.cache import caches
from rest_framework.throttling import SimpleRateThrottle

from security.client_ip import client_ip

from .models import ApiKey


class _SharedCacheThrottle(SimpleRateThrottle):
    def __init__(self):
        self.cache = caches[settings.API_THROTTLE_CACHE]
        super().__init__()

    def get_rate(self):
        return settings.API_THROTTLE_RATES.get(self.scope)


class AnonymousThrottle(_SharedCacheThrottle):
    scope = "anonymous"

    def get_cache_key(self, request, view):
        if isinstance(request.auth, ApiKey) or request.user.is_authenticated:
            return None
        return self.cache_format % {"scope": self.scope, "ident": client_ip(request)}


class SignedInThrottle(_SharedCacheThrottle):
    scope = "user"

    def get_cache_key(self, request, view):
        if isinstance(request.auth, ApiKey) or not request.user.is_authenticated:
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.user.pk}


class ApiKeyThrottle(_SharedCacheThrottle):
    scope = "key"

    def get_cache_key(self, request, view):
        if not isinstance(request.auth, ApiKey):
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.auth.prefix}
