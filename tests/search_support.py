"""Shared set-up for the search tests: which engines run here, and a catalogue indexed on them.

The database engine always runs (SQLite locally, PostgreSQL in CI). OpenSearch runs when
OPENSEARCH_URL points at a node (scripts/opensearch/start; .ci/run starts one and fails if
it can't), each test in its own indexes so parallel runs and other engineers don't collide.
"""
import os
import uuid

import pytest

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


def drop_indexes():
    from search.engines import get_engine

    engine = get_engine()
    if hasattr(engine, "drop"):
        engine.drop()


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run the block's after-commit work (index upkeep on Celery, eager here) as a commit would."""
    def block():
        return django_capture_on_commit_callbacks(execute=True)
    return block
