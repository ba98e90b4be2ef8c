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

A change to one product or page need not cost every page. Each entry also carries the
labels of what it shows (pagecache/labels.py) with the token each label had when it was
rendered (`stamp`), and is served only while every label still has that token
(`is_current`); `forget_labels` gives the labels a change touches new tokens. Tokens
come from one counter of changes, so a render can tell whether anything it shows changed
while it ran (a token newer than the counter it read when its request began) and then
keeps nothing.

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

from . import labels

GENERATION_KEY = "pagecache:generation"
CHANGES_KEY = "pagecache:changes"
# Part of every key: bump it when what is stored changes shape, so a deploy never reads
# entries the previous release wrote (they expire unread).
FORMAT = 3
LABEL_PREFIX = f"pagecache-label:v{FORMAT}:"


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


def _changes_now():
    """The counter of changes (started from the clock, so one lost from the cache restarts
    above every value it had given); None if the cache keeps nothing."""
    cache = _cache()
    value = cache.get(CHANGES_KEY)
    if value is None:
        cache.add(CHANGES_KEY, time.time_ns() // 1000, timeout=None)
        value = cache.get(CHANGES_KEY)
    return value


def begin(request):
    """Read, before the request reads anything else, the generation and the counter of
    changes it renders under (one cache round trip)."""
    if hasattr(request, "_page_cache_generation"):
        return
    found = _cache().get_many([GENERATION_KEY, CHANGES_KEY])
    request._page_cache_generation = found.get(GENERATION_KEY) or token(GENERATION_KEY)
    request._page_cache_since = found.get(CHANGES_KEY) or _changes_now()
    request._page_cache_labels = {}


def generation_for(request):
    """The generation one request works with throughout (read once, however many fragments)."""
    if request is None:
        return token(GENERATION_KEY)
    begin(request)
    return request._page_cache_generation


def share_nothing(request):
    """Nothing this request works out is stored or read from the shared cache."""
    request._page_cache_generation = None
    request._page_cache_since = None
    request._page_cache_labels = {}


def _label_seconds():
    # Longer than anything stored under a label lives; an entry whose label has gone is simply not current.
    return 2 * max(settings.PAGE_CACHE_SECONDS, settings.FRAGMENT_CACHE_SECONDS, 1)


def _label_tokens(request, names):
    """The labels' tokens; within a request each is read once (any read after the request
    began is as good as a read at the end: a newer token than its start shows in `stamp`)."""
    known = getattr(request, "_page_cache_labels", None) or {}
    unknown = [label for label in names if label not in known]
    if unknown:
        found = _cache().get_many([LABEL_PREFIX + label for label in unknown])
        known.update((label, found[LABEL_PREFIX + label]) for label in unknown if LABEL_PREFIX + label in found)
    return known


def stamp(request, names, since=None):
    """{label: token} for what this request rendered, or None when something it shows
    changed after the request began (or after `since`, for work done outside a request),
    or the cache keeps nothing: then nothing is stored."""
    if since is None:
        since = getattr(request, "_page_cache_since", None)
    if since is None:
        return None
    known = _label_tokens(request, names)
    missing = [label for label in names if label not in known]
    if missing:
        now = _changes_now()
        if now is None or now > since:
            return None
        cache = _cache()
        for label in missing:  # never forgotten yet (or long ago): the counter as it stands
            if cache.add(LABEL_PREFIX + label, now, timeout=_label_seconds()):
                known[label] = now
            else:
                known[label] = cache.get(LABEL_PREFIX + label)
    tokens = {label: known[label] for label in names}
    if any(value is None or value > since for value in tokens.values()):
        return None
    return tokens


def is_current(request, stamped):
    """Nothing shown under these labels has been forgotten since they were stamped."""
    if not stamped:
        return True
    known = _label_tokens(request, stamped)
    return all(known.get(label) == value for label, value in stamped.items())


def forget_labels(names):
    """Whatever shows any of these is rendered afresh from now on (one counter step, one write)."""
    if not names:
        return
    cache, keys = _cache(), [LABEL_PREFIX + label for label in names]
    try:
        value = cache.incr(CHANGES_KEY)
    except ValueError:  # no counter yet, or it was evicted
        _changes_now()
        try:
            value = cache.incr(CHANGES_KEY)
        except ValueError:  # unreachable: config/cache.py deletes these keys once it answers
            cache.delete_many(keys)
            return
    cache.set_many(dict.fromkeys(keys, value), timeout=_label_seconds())


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
    """What `compute()` gives, worked out once for everybody until a change to anything it
    shows (FRAGMENT_CACHE_SECONDS at most; 0 works it out every time). `keep(value)` false:
    not stored. Its labels count for the page around it, whether worked out or reused."""
    seconds = settings.FRAGMENT_CACHE_SECONDS
    if not seconds:
        return compute()
    where = key(kind, request, *parts)
    entry = load(where)
    if entry is not None and is_current(request, entry[1]):
        labels.note(*entry[1])
        return entry[0]
    since = _changes_now() if request is None else None  # a request read its own when it began
    with labels.collecting() as shown:
        value = compute()
    if where is not None and (keep is None or keep(value)):
        stamped = stamp(request, shown, since)
        if stamped is not None:
            save(where, (value, stamped), seconds)
    return value
