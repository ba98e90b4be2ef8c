"""Shared set-up for the search tests: which engines run here, and a catalogue indexed on them.

The database engine always runs (SQLite locally, PostgreSQL in CI). OpenSearch runs when
OPENSEARCH_URL points at a node (scripts/opensearch/start; .ci/run starts one and fails if
it can't), each test in its own indexes so parallel runs and other engineers don't collide.
"""
import os
import uuid

OPENSEARCH_URL = os.environ.get("OPENSEARCH_URL", "")
ON_POSTGRES = os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))
ENGINES = ["database"] + (["opensearch"] if OPENSEARCH_URL else [])
# Typo tolerance: OpenSearch, and the database engine on PostgreSQL (pg_trgm), not SQLite.
TYPO_TOLERANT = [e for e in ENGINES if e != "database" or ON_POSTGRES]


def use_engine(settings, name):
    settings.SEARCH_ENGINE = name
    if name == "opensearch":
        settings.SEARCH_URL = OPENSEARCH_URL
        settings.SEARCH_INDEX_PREFIX = f"test-{uuid.uuid4().hex[:12]}"
        settings.SEARCH_REFRESH_ON_WRITE = True


def drop_indexes(settings=None):
    from search.engines import get_engine

    if settings is not None and settings.SEARCH_ENGINE == "opensearch":
        settings.SEARCH_URL = OPENSEARCH_URL  # a test may have pointed it at a dead port
    engine = get_engine()
    if hasattr(engine, "drop"):
        engine.drop()
