"""Where cached pages and shared values live, and how they are all forgotten at once.

Every key carries the current *generation*, a random token kept in the cache. Changing
the token (`forget_all_pages`) makes every stored page unreachable in one cache write, so
invalidation costs the same for ten pages or ten thousand, and the old entries simply
expire. A page rendered while a change commits is stored under the generation read when
its request began, so it can never outlive the change. Narrower tokens work the same way
(a basket's own version: commerce/basket/summary.py).

When the cache can't keep a token (Redis unreachable: config/cache.py answers as an
empty cache), there is no generation: `key` gives None, nothing is read or stored, and
every page and fragment is worked out for its own request until the cache answers again.
A request whose address carries values no link makes gets no generation either
(`share_nothing`, pagecache/policy.py).

A page that has gone cold is rendered by one request at a time (`claim_render`). Its
last version is kept beside it outside the generation (`previous_key`), so requests that
arrive during the render are answered with it instead of rendering the same page again;
the render lock's lifetime bounds how long that can last.
"""
import hashlib
import secrets
import time

from django.conf import settings
from django.core.cache import caches
from django.utils import translation

GENERATION_KEY = "pagecache:generation"
# Part of every key: bump it when what is stored changes shape, so a deploy never reads
# entries the previous release wrote (they expire unread).
FORMAT = 2


def _cache():
    return caches[settings.PAGE_CACHE_ALIAS]


def token(key):
    """The token under `key`, a fresh one if there is none yet (first use, or evicted);
    None if the cache keeps none (it is unreachable): nothing may be shared under it."""
    cache = _cache()
    value = cache.get(key)
    if value is None:
        value = secrets.token_hex(8)
        if not cache.add(key, value, timeout=None):  # another process made one first, or none can be kept
            value = cache.get(key)
    return value


def renew(key):
    """A new token under `key`: whatever was stored under the old one is never read again."""
    _cache().set(key, secrets.token_hex(8), timeout=None)


def generation_for(request):
    """The generation one request works with throughout (read once, however many fragments)."""
    if request is None:
        return token(GENERATION_KEY)
    if not hasattr(request, "_page_cache_generation"):
        request._page_cache_generation = token(GENERATION_KEY)
    return request._page_cache_generation


def share_nothing(request):
    """Nothing this request works out is stored or read from the shared cache."""
    request._page_cache_generation = None


def forget_all_pages():
    renew(GENERATION_KEY)


def key(kind, request, *parts):
    """`kind`'s key for `parts` under this request's generation; None without a generation."""
    generation = generation_for(request)
    if generation is None:
        return None
    address = "|".join(str(part) for part in parts)
    return f"{kind}:v{FORMAT}:{generation}:{hashlib.sha256(address.encode()).hexdigest()}"


def _page_address(request):
    query = "&".join(sorted(request.GET.urlencode().split("&"))) if request.GET else ""
    language = translation.get_language_from_request(request)
    return request.scheme, request.get_host(), language, request.path, query


def page_key(request):
    """One entry per scheme, host, language, path and (order-independent) query string:
    pages carry absolute links (canonical, Open Graph) and translated text. The query holds
    only the parameters the page reads (pagecache/policy.py page_query)."""
    return key("pagecache", request, *_page_address(request))


def previous_key(request):
    """Where the last version of this page is kept, whatever the generation."""
    address = "|".join(_page_address(request))
    return f"pagecache-previous:v{FORMAT}:{hashlib.sha256(address.encode()).hexdigest()}"


def _render_claim(key):
    return f"{key}:rendering"


def _unkept(key):
    return f"{key}:unkept"


def mark_unkept(key):
    """The address under `key` turned out to be no page to keep: until the next change
    (or PAGE_CACHE_SECONDS), nobody waits for its render."""
    save(_unkept(key), 1, settings.PAGE_CACHE_SECONDS)


def is_unkept(key):
    return load(_unkept(key)) is not None


def claim_render(key):
    """True if this request may render the page under `key`: nobody else is rendering it
    (or the one who was has taken longer than PAGE_CACHE_RENDER_LOCK_SECONDS). A cache
    that refuses writes (full) can keep no claim, and then nobody waits for anybody."""
    cache, claim = _cache(), _render_claim(key)
    return cache.add(claim, 1, timeout=settings.PAGE_CACHE_RENDER_LOCK_SECONDS) or not cache.has_key(claim)


def release_render(key):
    _cache().delete(_render_claim(key))


def wait_for(key, seconds, interval=0.05):
    """The entry under `key` once the request rendering it has stored it; None after
    `seconds`, or as soon as that request has given up without storing it."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        time.sleep(interval)
        entry = load(key)
        if entry is not None:
            return entry
        if not _cache().has_key(_render_claim(key)):
            return load(key)
    return None


def load(key):
    return None if key is None else _cache().get(key)


def save(key, entry, seconds):
    if key is not None:
        _cache().set(key, entry, timeout=seconds)


def forget(key):
    _cache().delete(key)


def shared(kind, request, parts, compute, keep=None):
    """What `compute()` gives, worked out once for everybody until the next change
    (FRAGMENT_CACHE_SECONDS at most; 0 works it out every time). `keep(value)` false: not stored."""
    seconds = settings.FRAGMENT_CACHE_SECONDS
    if not seconds:
        return compute()
    where = key(kind, request, *parts)
    value = load(where)
    if value is None:
        value = compute()
        if where is not None and (keep is None or keep(value)):
            save(where, value, seconds)
    return value
