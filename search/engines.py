"""The search engine the site is configured for (settings.SEARCH_ENGINE).

Only the database engine exists so far; Elasticsearch/OpenSearch adapters plug in
here with the same interface.
"""
from django.conf import settings
from django.db import connection


def health():
    """Describe the configured engine, raising if it can't answer."""
    if settings.SEARCH_ENGINE == "database":
        return f"database ({connection.vendor})"
    raise RuntimeError(f"search engine {settings.SEARCH_ENGINE!r} is not available in this build")
