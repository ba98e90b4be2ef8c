"""The only modules that import the engines' client libraries: one small factory each.

The official clients for Elasticsearch 8 and OpenSearch share the calls we use (search,
msearch, bulk, indices.*), so the engine layer works with either; they differ in how they
connect and in the product check Elasticsearch's client makes against the server.
"""
import logging

TIMEOUT = 5  # seconds: a slow engine must not hold a shopper's page
# The clients log every request at INFO; failures reach our own log through the engine layer.
for _name in ("opensearch", "elastic_transport.transport"):
    logging.getLogger(_name).setLevel(logging.WARNING)


def opensearch(url, timeout=TIMEOUT):
    from opensearchpy import OpenSearch

    return OpenSearch(hosts=[url], timeout=timeout, max_retries=0, retry_on_timeout=False)


def elasticsearch(url, timeout=TIMEOUT, **transport_options):
    from elasticsearch import Elasticsearch

    return Elasticsearch(url, request_timeout=timeout, max_retries=0, retry_on_timeout=False, **transport_options)


CLIENTS = {"opensearch": opensearch, "elasticsearch": elasticsearch}
