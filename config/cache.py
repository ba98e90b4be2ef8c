"""The shared cache (Redis), which the shop can do without for a while.

Everything kept in it can be worked out again: whole pages, shared fragments, basket
summaries, the sessions' cached copies (cached_db writes them to the database too), rate
limit counters. So when Redis is unreachable, hung or refuses a write (full), each cache
call answers as an empty cache would, at once, instead of raising: reads miss, writes
store nothing, `add` says it added nothing, `incr` finds no counter. Pages are then
rendered afresh for everybody and nothing is shared until Redis answers again.

- Every call has short socket timeouts (OPTIONS socket_connect_timeout/socket_timeout,
  config/settings/base.py), and after a call fails for want of a connection the process
  stops asking for `retry_after` seconds: a hung Redis costs one timeout per process every
  few seconds, not one per call.
- A write the cache missed while away (a page generation renewed, a session deleted at
  sign-out, a basket's version bumped) would leave the old value in place when Redis
  returns. The process remembers the keys it failed to write and deletes them as soon as
  Redis answers, so nothing stale outlives the outage (more than MISSED_KEYS_KEPT of them,
  or a clear() missed: every key of this cache is deleted instead, by its prefix, never a
  FLUSHDB, so a broker sharing the database keeps its queues). A write refused because
  Redis is full is made good the same way, by deleting the key at once.

An outage is logged once when it starts and once when it ends (logger "config.cache");
/healthz reports the cache as failing meanwhile.
"""
import logging
import threading
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import RedisError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

RETRY_AFTER = 5.0  # seconds without asking an unreachable Redis
MISSED_KEYS_KEPT = 50_000
UNREACHABLE = (RedisConnectionError, RedisTimeoutError)
_NOTHING = object()


class _Line:
    """What this process knows about one Redis: since when it is away, and what it missed."""

    def __init__(self):
        self.lock = threading.Lock()
        self.down_since = None
        self.retry_at = 0.0
        self.missed = set()
        self.missed_too_many = False

    def miss(self, keys):
        with self.lock:
            if keys is None:
                self.missed_too_many = True
            elif not self.missed_too_many:
                self.missed.update(keys)
                if len(self.missed) > MISSED_KEYS_KEPT:
                    self.missed_too_many, self.missed = True, set()

    def settle(self, deleted, cleared):
        """Redis is back and `deleted` (or everything, `cleared`) is gone from it; True if
        nothing missed is left (else the next call deletes what was noted meanwhile)."""
        with self.lock:
            if cleared:
                self.missed, self.missed_too_many = set(), False
            else:
                self.missed -= deleted
            if self.missed or self.missed_too_many:
                return False
            self.down_since = None
            return True


_lines = {}
_lines_lock = threading.Lock()


def _line_for(servers):
    key = tuple(servers)
    with _lines_lock:
        return _lines.setdefault(key, _Line())


class ReusedRedisClient(RedisCacheClient):
    """Django's client maker, keeping one redis.Redis per connection pool for the process.

    Django wraps the pool in a new redis.Redis on every cache call, and redis-py 8 builds
    its table of response callbacks afresh each time: on loopback that costs about as much
    as the call's own round trip, and a signed-in page makes ten of them. A redis.Redis
    only holds the pool (which reconnects, and starts over after a fork, by itself), so it
    can be shared by every call and thread.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(pool)
        if client is None:
            client = self._clients.setdefault(pool, self._client(connection_pool=pool))
        return client


class DegradingRedisCache(RedisCache):
    """Django's RedisCache that answers as an empty cache while Redis is away (see module)."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedRedisClient
        options = dict(self._options)
        self.retry_after = float(options.pop("retry_after", RETRY_AFTER))
        self._options = options
        self._line = _line_for(self._servers)

    def _call(self, method, args, fallback, written=()):
        """`method(self, *args)`, or `fallback` if Redis can't do it. `written`: the keys it
        writes, as (key, version) pairs, or None for all of them (clear)."""
        line = self._line
        if line.down_since is not None:
            # Away: answer at once; once retry_after has passed, make good what it missed
            # first, so that this very call can't read a value written over meanwhile.
            if time.monotonic() < line.retry_at or not self._came_back():
                line.miss(self._keys(written))
                return fallback
        try:
            return method(self, *args)
        except UNREACHABLE as exc:
            self._went_away(exc)
            line.miss(self._keys(written))
        except RedisError as exc:  # it answers, but refused this command (out of memory, read-only)
            logger.warning("Cache refused %s (%s: %s); treated as a miss", method.__name__, type(exc).__name__, exc)
            self._forget_now(written)
        return fallback

    def _keys(self, written):
        return None if written is None else [self.make_key(key, version=version) for key, version in written]

    def _went_away(self, exc):
        line = self._line
        with line.lock:
            first = line.down_since is None
            if first:
                line.down_since = time.monotonic()
            line.retry_at = time.monotonic() + self.retry_after
        if first:
            logger.warning("Cache unreachable (%s: %s): pages and fragments are worked out afresh, nothing is "
                           "shared, until it answers (asked again every %gs)", type(exc).__name__, exc,
                           self.retry_after)

    def _came_back(self):
        """Delete what was written while Redis was away; False if it is still away."""
        line = self._line
        with line.lock:
            since, missed, too_many = line.down_since, set(line.missed), line.missed_too_many
        try:
            if too_many:
                self._delete_every_key()
            elif missed:
                self._cache.delete_many(list(missed))
            else:
                self._cache.get_client().ping()
        except UNREACHABLE as exc:
            self._went_away(exc)
            return False
        except RedisError:
            return False  # it answers but refuses: the keys stay noted, to be deleted next time
        if line.settle(missed, too_many) and since is not None:
            what = "cleared it all" if too_many else f"forgot {len(missed)} key(s) written meanwhile"
            logger.warning("Cache answers again after %.1fs away; %s", time.monotonic() - since, what)
        return True

    def _delete_every_key(self):
        client = self._cache.get_client(write=True)
        batch = []
        for key in client.scan_iter(match=self.make_key("*"), count=1000):
            batch.append(key)
            if len(batch) == 500:
                client.delete(*batch)
                batch = []
        if batch:
            client.delete(*batch)

    def _forget_now(self, written):
        if written is not None and not written:
            return
        try:
            if written is None:
                self._delete_every_key()
            else:
                self._cache.delete_many(self._keys(written))
        except UNREACHABLE as exc:
            self._went_away(exc)
            self._line.miss(self._keys(written))
        except RedisError:
            self._line.miss(self._keys(written))

    # --- the cache API, each call guarded --------------------------------------------

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(RedisCache.add, (key, value, timeout, version), False, [(key, version)])

    def get(self, key, default=None, version=None):
        return self._call(RedisCache.get, (key, default, version), default)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(RedisCache.set, (key, value, timeout, version), None, [(key, version)])

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(RedisCache.touch, (key, timeout, version), False, [(key, version)])

    def delete(self, key, version=None):
        return self._call(RedisCache.delete, (key, version), False, [(key, version)])

    def get_many(self, keys, version=None):
        return self._call(RedisCache.get_many, (keys, version), {})

    def has_key(self, key, version=None):
        return self._call(RedisCache.has_key, (key, version), False)

    def incr(self, key, delta=1, version=None):
        result = self._call(RedisCache.incr, (key, delta, version), _NOTHING, [(key, version)])
        if result is _NOTHING:
            raise ValueError(f"Key '{key}' not found (the cache is unavailable).")
        return result

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(RedisCache.set_many, (data, timeout, version), list(data),
                          [(key, version) for key in data])

    def delete_many(self, keys, version=None):
        keys = list(keys)
        return self._call(RedisCache.delete_many, (keys, version), None, [(key, version) for key in keys])

    def clear(self):
        return self._call(RedisCache.clear, (), False, None)
