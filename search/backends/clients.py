"""The only modules that import the engines' client libraries: one small factory each.

The official clients for Elasticsearch 8 and OpenSearch share the calls we use (search,
msearch, bulk, indices.*), so the engine layer works with either; they differ in how they
connect and in the product check Elasticsearch's client makes against the server.
"""
import logging

# Seconds. A shopper's search waits at most SHOPPER_TIMEOUT before the database answers
# instead; index upkeep and rebuilds send big bulk requests in the background and may wait longer.
SHOPPER_TIMEOUT = 2
UPKEEP_TIMEOUT = 30
# The clients log every request at INFO; failures reach our own log through the engine layer.
for _name in ("opensearch", "elastic_transport.transport"):
    logging.getLogger(_name).setLevel(logging.WARNING)


def nodes(url):
    """The cluster's node addresses: SEARCH_URL lists them comma-separated (docs/scaling.md)."""
    return [node.strip() for node in url.split(",") if node.strip()]


# With several nodes, a refused connection is retried once on each other node (a dead node
# is set aside for a while); a timeout is not, so a slow cluster can't multiply the wait.
def opensearch(url, timeout=SHOPPER_TIMEOUT):
    from opensearchpy import OpenSearch

    hosts = nodes(url)
    return OpenSearch(hosts=hosts, timeout=timeout, max_retries=len(hosts) - 1, retry_on_timeout=False)


def elasticsearch(url, timeout=SHOPPER_TIMEOUT, **transport_options):
    from elasticsearch import Elasticsearch

    hosts = nodes(url)
    return Elasticsearch(hosts, request_timeout=timeout, max_retries=len(hosts) - 1, retry_on_timeout=False,
                         **transport_options)


CLIENTS = {"opensearch": opensearch, "elasticsearch": elasticsearch}
