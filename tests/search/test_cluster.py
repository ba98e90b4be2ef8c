"""A search cluster: SEARCH_URL lists several nodes; a dead node doesn't stop search, and
new indexes get the configured replicas. Runs against the real OpenSearch node, with a
port nothing listens on standing in for a failed node."""
import logging

import pytest
from django.core.management import call_command

from tests import services
from tests.factories import make_product
from tests.search_support import OPENSEARCH_URL, drop_indexes, use_engine

pytestmark = pytest.mark.django_db


@pytest.fixture
def cluster(settings, db):
    services.require("OpenSearch", bool(OPENSEARCH_URL), "run scripts/opensearch/start and set OPENSEARCH_URL")
    use_engine(settings, "opensearch")
    settings.SEARCH_URL = f"http://127.0.0.1:{services.free_port()},{OPENSEARCH_URL}"  # first node down
    call_command("rebuild_search_index", verbosity=0)
    yield settings
    drop_indexes(settings)


def test_search_answers_from_the_live_node_when_another_is_down(client, cluster, committed, caplog):
    with committed():
        make_product("Quince Paste", "9.00")
    with caplog.at_level(logging.WARNING, logger="search"):
        for _ in range(3):  # round robin: each node gets asked at least once
            response = client.get("/search/?q=quince")
            assert response.status_code == 200
            assert [p.title for p in response.context["products"]] == ["Quince Paste"]
    assert "answering from the database" not in caplog.text  # the engine answered, not the fallback


def test_new_indexes_get_the_configured_replicas(cluster):
    from search.engines import get_engine

    cluster.SEARCH_REPLICAS = 1
    engine = get_engine()
    name = engine.create_index("products")
    try:
        got = engine.client.indices.get_settings(index=name)[name]["settings"]["index"]
        assert got["number_of_replicas"] == "1"
    finally:
        engine.client.indices.delete(index=name)
