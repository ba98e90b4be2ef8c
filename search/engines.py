"""The search engine the site is configured for (settings.SEARCH_ENGINE), and the fallback.

"database" (embedded default), "opensearch" or "elasticsearch" (+ SEARCH_URL). Reads go
to the configured engine; when it fails they are answered by the database engine with a
warning in the log, so search and browsing never break because the engine is down.
"""
import logging
import threading

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from .backends.clients import CLIENTS
from .backends.database import DatabaseEngine
from .backends.elastic import ElasticEngine

logger = logging.getLogger("search")
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
            _engines[key] = ElasticEngine(name, CLIENTS[name](settings.SEARCH_URL))
        return _engines[key]


def answer(method, *args):
    """Call `method` on the configured engine, or on the database if that engine fails."""
    engine = get_engine()
    if engine is not DATABASE:
        try:
            return getattr(engine, method)(*args)
        except Exception as exc:  # noqa: BLE001  any engine failure: the database answers instead
            logger.warning("Search engine %s failed on %s (%s: %s); answering from the database",
                           engine.name, method, type(exc).__name__, exc)
    return getattr(DATABASE, method)(*args)


def health():
    """Describe the configured engine, raising if it can't answer."""
    return get_engine().health()
