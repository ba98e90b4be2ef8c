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


# The indexes each read needs; if any of them can't answer, the database does.
NEEDS = {"search_products": ("products",), "search_pages": ("pages",), "autocomplete": ("products", "pages")}


def answer(method, *args):
    """Call `method` on the configured engine, or on the database if that engine can't answer."""
    engine = get_engine()
    if engine is not DATABASE and engine.watch.problem(NEEDS[method]) is None:
        try:
            return getattr(engine, method)(*args)
        except Exception as exc:  # noqa: BLE001  any engine failure: the database answers instead
            engine.watch.failed(f"{engine.name} failed on {method} ({type(exc).__name__}: {exc})")
    return getattr(DATABASE, method)(*args)


class SearchDegraded(RuntimeError):
    """The configured engine can't answer shoppers; the database is answering instead."""


def health():
    """Describe the configured engine, raising if shoppers aren't being answered by it."""
    from .health import state

    status, reason = state()
    if status != "ok":
        raise SearchDegraded(reason)
    return reason
