"""The search engine the site is configured for (settings.SEARCH_ENGINE), and the fallback.

"database" (embedded default), "opensearch" or "elasticsearch" (+ SEARCH_URL). Reads go
to the configured engine while its indexes look healthy; when it fails, times out, or its
index is missing or emptied, the database engine answers instead (backends/watch.py), with
a warning in the log, so search and browsing never break or go blank because of the engine.
"""
import threading

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from .backends.clients import CLIENTS, SHOPPER_TIMEOUT, UPKEEP_TIMEOUT
from .backends.database import DatabaseEngine
from .backends.elastic import ElasticEngine

DATABASE = DatabaseEngine()
_engines = {}
_lock = threading.Lock()


def get_engine():
    """The configured engine; one per (engine, URL, index prefix), so clients are reused."""
    name = settings.SEARCH_ENGINE
    if name == "database":
        return DATABASE
    if name not in CLIENTS:
        raise ImproperlyConfigured(f"SEARCH_ENGINE must be database, opensearch or elasticsearch, not {name!r}")
    if not settings.SEARCH_URL:
        raise ImproperlyConfigured(f"SEARCH_ENGINE={name} needs SEARCH_URL")
    key = (name, settings.SEARCH_URL, settings.SEARCH_INDEX_PREFIX)
    with _lock:
        if key not in _engines:
            client = CLIENTS[name]
            _engines[key] = ElasticEngine(name, client(settings.SEARCH_URL, timeout=SHOPPER_TIMEOUT),
                                          writer=client(settings.SEARCH_URL, timeout=UPKEEP_TIMEOUT))
        return _engines[key]


# --- what shoppers read: the configured engine while it can answer, else the database ---------


def search_products(query):
    """The hits for a ProductQuery (search/query.py): product ids, facets, total, spelling suggestion."""
    return _read(("products",), "search_products", lambda engine: engine.search_products(query))


def search_pages(text, limit):
    """Up to `limit` content pages matching `text`, best first."""
    return _read(("pages",), "search_pages", lambda engine: engine.search_pages(text, limit))


def autocomplete(words, limit):
    """{"products": [...], "pages": [...]} whose titles start with what a shopper is typing."""
    return _read(("products", "pages"), "autocomplete", lambda engine: engine.autocomplete(words, limit))


def _read(indexes, what, read):
    """`read(engine)` on the configured engine while the `indexes` it needs look healthy; on the
    database if they don't or the engine fails (the failure sets the engine aside for a period)."""
    engine = get_engine()
    if engine is not DATABASE and engine.watch.problem(indexes) is None:
        try:
            return read(engine)
        except Exception as exc:  # noqa: BLE001  any engine failure: the database answers instead
            engine.watch.failed(f"{engine.name} failed on {what} ({type(exc).__name__}: {exc})")
    return read(DATABASE)


# --- whether shoppers are answered by the configured engine (search/health.py, /healthz) ------


class SearchDegraded(RuntimeError):
    """The configured engine can't answer shoppers; the database is answering instead."""


def state():
    """("ok", description) or ("degraded", reason), never raising: a health check reports."""
    try:
        engine = get_engine()
        if engine is DATABASE:
            return "ok", DATABASE.health()
        return engine.state()
    except Exception as exc:  # noqa: BLE001  a health check reports, it never raises
        return "degraded", f"{type(exc).__name__}: {exc}"


def health():
    """Describe the configured engine, raising if shoppers aren't being answered by it."""
    status, reason = state()
    if status != "ok":
        raise SearchDegraded(reason)
    return reason
