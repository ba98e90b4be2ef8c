"""The Elasticsearch 8 adapter, checked by the exact HTTP requests it sends.

Elasticsearch itself can't run on these machines, so the real `elasticsearch` client is
given a recording node at its HTTP boundary (elastic_transport's node_class): everything
above it — our engine, the client's serialisation and routing — runs for real. The same
engine code answers from a real OpenSearch node in the other search tests.
"""
import json
import logging
from decimal import Decimal

import pytest
from elastic_transport import ApiResponseMeta, BaseNode, HttpHeaders
from elastic_transport._node import NodeApiResponse

from search.backends import clients
from search.backends.elastic import ElasticEngine
from search.query import ProductQuery

SENT = []
REPLIES = {}


class RecordingNode(BaseNode):
    """Answers like an Elasticsearch 8 node from REPLIES and records every request."""

    def perform_request(self, method, target, body=None, headers=None, request_timeout=None):
        path = target.split("?")[0]
        lines = body.decode().splitlines() if body else []
        SENT.append({"method": method, "target": target,
                     "body": [json.loads(line) for line in lines] if len(lines) > 1 else
                     (json.loads(lines[0]) if lines else None),
                     "accept": (headers or {}).get("accept", "")})
        status, reply = REPLIES.get((method, path), (200, {"acknowledged": True}))
        meta = ApiResponseMeta(status=status, http_version="1.1", duration=0.0, node=self.config,
                               headers=HttpHeaders({"content-type": "application/json",
                                                    "x-elastic-product": "Elasticsearch"}))
        return NodeApiResponse(meta, json.dumps(reply).encode())


@pytest.fixture
def es(settings):
    SENT.clear()
    REPLIES.clear()
    client = clients.elasticsearch("http://es.example:9200", node_class=RecordingNode)
    return ElasticEngine("elasticsearch", client, prefix="shop", refresh=False)


def search_reply(ids):
    """The two answers to a product search's msearch: the page of hits, then the counts."""
    bucket = {"buckets": []}
    return {"responses": [
        {"hits": {"hits": [{"_id": str(i)} for i in ids]}},
        {"hits": {"hits": []},
         "aggregations": {"total": {"doc_count": len(ids)},
                          "category": {"ids": {"buckets": [{"key": "7", "doc_count": 2}]}},
                          "price": {"bands": {"buckets": [{"key": "0-10", "doc_count": 2}]}},
                          "in_stock": {"doc_count": 1}, "product_type": {"ids": bucket}}},
    ]}


def test_a_filtered_price_sorted_search_sends_one_msearch_for_the_page_and_the_counts(es):
    REPLIES[("POST", "/_msearch")] = (200, search_reply([3, 1]))

    hits = es.search_products(ProductQuery(text="Damson jam!", category=7, price=("0-10",), in_stock=True,
                                           sort="price-asc", page=2, per_page=24))

    assert (hits.ids, hits.total, hits.facets["category"], hits.facets["price"]) == ([3, 1], 2, {7: 2}, {"0-10": 2})
    (request,) = SENT
    assert request["method"] == "POST" and request["target"] == "/_msearch"
    assert "compatible-with=8" in request["accept"]
    page_head, page, counts_head, counts = request["body"]
    assert page_head == {"index": "shop-products"}
    assert counts_head == {"index": "shop-products", "request_cache": True}
    assert page["from"] == 24 and page["size"] == 24 and page["_source"] is False
    assert page["track_total_hits"] is False and "aggs" not in page  # counting is the other request's job
    assert page["sort"] == [{"price": {"order": "asc", "missing": "_last"}}, {"id": "desc"}]
    assert page["post_filter"] == {"bool": {"filter": [
        {"term": {"category_ids": 7}},
        {"bool": {"should": [{"range": {"price": {"lt": 10.0}}}], "minimum_should_match": 1}},
        {"term": {"in_stock": True}},
    ]}}
    words = page["query"]["bool"]["must"][0]["bool"]["must"]
    assert [w["bool"]["should"][0]["multi_match"]["query"] for w in words] == ["damson", "jam"]
    stemmed, plain, prefix = words[0]["bool"]["should"]
    assert stemmed["multi_match"]["fields"] == ["title^4", "categories^2", "attributes^2", "description"]
    assert plain["multi_match"]["fields"] == ["title.plain^4", "categories.plain^2"]
    assert stemmed["multi_match"]["fuzziness"] == plain["multi_match"]["fuzziness"] == "AUTO:4,7"
    assert prefix == {"match": {"title.autocomplete": {"query": "damson", "boost": 2}}}
    # The counts: same query, no hits, the total with every filter, each facet without its own.
    assert counts["size"] == 0 and counts["query"] == page["query"] and "sort" not in counts
    assert counts["aggs"]["total"] == {"filter": page["post_filter"]}
    assert counts["aggs"]["category"]["filter"] == {"bool": {"filter": [
        page["post_filter"]["bool"]["filter"][1], page["post_filter"]["bool"]["filter"][2]]}}
    assert counts["suggest"]["did_you_mean"]["text"] == "damson jam"


def test_query_syntax_never_reaches_the_engine(es):
    REPLIES[("POST", "/_msearch")] = (200, search_reply([]))

    es.search_products(ProductQuery(text='title:jam AND ("x" OR *) {"match_all": {}}'))

    words = SENT[0]["body"][1]["query"]["bool"]["must"][0]["bool"]["must"]
    assert [w["bool"]["should"][0]["multi_match"]["query"] for w in words] == [
        "title", "jam", "and", "x", "or", "match", "all"]


def bulk_requests():
    return [r for r in SENT if r["target"].startswith("/_bulk")]


def test_upkeep_writes_through_the_alias_and_never_creates_an_index(es):
    REPLIES[("HEAD", "/_alias/shop-products-rebuilding")] = (404, {})
    REPLIES[("PUT", "/_bulk")] = (200, {"errors": False, "items": []})
    doc = {"id": 5, "title": "Damson Jam", "price": float(Decimal("6.50"))}

    es.index_products([doc])
    es.delete_products([9])

    assert not [r for r in SENT if r["method"] == "PUT" and not r["target"].startswith("/_bulk")]
    first, second = bulk_requests()
    assert "require_alias=true" in first["target"] and "refresh=false" in first["target"]
    version = {"version": 2, "version_type": "external_gte"}
    assert first["body"] == [{"index": {"_index": "shop-products", "_id": "5", **version}}, doc]
    assert second["body"] == {"delete": {"_index": "shop-products", "_id": "9", **version}}


def test_upkeep_during_a_rebuild_also_writes_to_the_index_being_built(es):
    REPLIES[("HEAD", "/_alias/shop-products-rebuilding")] = (200, {})
    REPLIES[("PUT", "/_bulk")] = (200, {"errors": False, "items": []})

    es.index_products([{"id": 5, "title": "Damson Jam"}])

    (request,) = bulk_requests()
    assert [line["index"]["_index"] for line in request["body"][::2]] == ["shop-products", "shop-products-rebuilding"]


def test_upkeep_to_a_missing_index_is_logged_not_created_or_raised(es, caplog):
    REPLIES[("HEAD", "/_alias/shop-products-rebuilding")] = (404, {})
    REPLIES[("PUT", "/_bulk")] = (200, {"errors": True, "items": [
        {"index": {"_id": "5", "status": 404, "error": {"type": "index_not_found_exception"}}}]})

    with caplog.at_level(logging.WARNING, logger="search"):
        es.index_products([{"id": 5, "title": "Damson Jam"}])

    assert "rebuild_search_index repairs it" in caplog.text
    assert [r["method"] for r in SENT] == ["HEAD", "PUT"]  # the check, the bulk: no index made


def test_rebuild_fills_a_new_index_then_swaps_the_alias_atomically(es):
    REPLIES[("GET", "/_alias/shop-pages-rebuilding")] = (200, {})  # no unfinished rebuild left behind
    REPLIES[("HEAD", "/_alias/shop-pages")] = (200, {})
    REPLIES[("GET", "/_alias/shop-pages")] = (200, {"shop-pages-old": {"aliases": {"shop-pages": {}}}})
    REPLIES[("PUT", "/_bulk")] = (200, {"errors": False, "items": []})

    new = es.rebuild("pages", [[{"id": 1, "title": "About"}]])

    targets = [(r["method"], r["target"].split("?")[0]) for r in SENT]
    assert targets[0] == ("PUT", f"/{new}")
    # Built without refreshes or a translog sync per request, then set back to serve.
    assert {k: SENT[0]["body"]["settings"][k] for k in ("refresh_interval", "translog.durability")} == {
        "refresh_interval": "-1", "translog.durability": "async"}
    (serving,) = [r for r in SENT if r["target"] == f"/{new}/_settings"]
    assert serving["body"] == {"index": {"refresh_interval": "1s", "translog.durability": "request"}}
    assert ("PUT", "/_bulk") in targets
    (swap,) = [r for r in SENT if r["target"] == "/_aliases"]
    assert swap["body"] == {"actions": [{"remove": {"index": "shop-pages-old", "alias": "shop-pages"}},
                                        {"add": {"index": new, "alias": "shop-pages"}}]}
    # Upkeep writes to the new index too while it is built (the marker alias), until the switch.
    assert SENT[0]["body"]["aliases"] == {"shop-pages-rebuilding": {}}
    assert targets.index(("POST", "/_aliases")) < targets.index(("DELETE", f"/{new}/_alias/shop-pages-rebuilding"))
    assert targets[-1] == ("DELETE", "/shop-pages-old")
    assert targets.index(("PUT", "/_bulk")) < targets.index(("PUT", f"/{new}/_settings")) < targets.index(
        ("POST", "/_aliases"))


def test_a_failed_rebuild_deletes_its_new_index_and_leaves_the_alias_alone(es):
    REPLIES[("GET", "/_alias/shop-pages-rebuilding")] = (200, {})
    REPLIES[("PUT", "/_bulk")] = (200, {"errors": True, "items": [
        {"index": {"_id": "1", "status": 400, "error": {"type": "mapper_parsing_exception"}}}]})

    with pytest.raises(RuntimeError, match="1 documents refused"):
        es.rebuild("pages", [[{"id": 1, "title": "About"}], [{"id": 2, "title": "Contact"}]])

    targets = [(r["method"], r["target"].split("?")[0]) for r in SENT]
    new = targets[0][1]
    assert targets[-1] == ("DELETE", new)
    assert ("POST", "/_aliases") not in targets


def test_refused_documents_are_an_error_not_silence(es):
    REPLIES[("PUT", "/_bulk")] = (200, {"errors": True, "items": [
        {"index": {"_id": "5", "status": 400, "error": {"type": "mapper_parsing_exception"}}}]})

    with pytest.raises(RuntimeError, match="1 documents refused"):
        es.index_products([{"id": 5, "title": "x"}])
