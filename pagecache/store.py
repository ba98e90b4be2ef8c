"""Where cached pages live and how they are all forgotten at once.

Every key carries the current *generation*, a random token kept in the cache. Changing
the token (`forget_all_pages`) makes every stored page unreachable in one cache write, so
invalidation costs the same for ten pages or ten thousand, and the old entries simply
expire. A page rendered while a change commits is stored under the generation read when
its request began, so it can never outlive the change.
"""
import hashlib
import secrets

from django.conf import settings
from django.core.cache import caches
from django.utils import translation

GENERATION_KEY = "pagecache:generation"
# Part of every key: bump it when what is stored changes shape, so a deploy never reads
# entries the previous release wrote (they expire unread).
FORMAT = 2


def _cache():
    return caches[settings.PAGE_CACHE_ALIAS]


def current_generation():
    cache = _cache()
    generation = cache.get(GENERATION_KEY)
    if generation is None:  # first request, or evicted: start a fresh generation
        generation = secrets.token_hex(8)
        if not cache.add(GENERATION_KEY, generation, timeout=None):
            generation = cache.get(GENERATION_KEY) or generation
    return generation


def generation_for(request):
    """The generation one request works with throughout (read once, however many fragments)."""
    if request is None:
        return current_generation()
    if not hasattr(request, "_page_cache_generation"):
        request._page_cache_generation = current_generation()
    return request._page_cache_generation


def forget_all_pages():
    _cache().set(GENERATION_KEY, secrets.token_hex(8), timeout=None)


def page_key(generation, request):
    """One entry per scheme, host, language, path and (order-independent) query string:
    pages carry absolute links (canonical, Open Graph) and translated text."""
    query = "&".join(sorted(request.GET.urlencode().split("&"))) if request.GET else ""
    language = translation.get_language_from_request(request)
    address = f"{request.scheme}|{request.get_host()}|{language}|{request.path}|{query}"
    return f"pagecache:v{FORMAT}:{generation}:{hashlib.sha256(address.encode()).hexdigest()}"


def load(key):
    return _cache().get(key)


def save(key, entry, seconds):
    _cache().set(key, entry, timeout=seconds)
