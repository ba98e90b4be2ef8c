"""Request bodies for Elasticsearch 8 and OpenSearch: product search with facets, page
search, autocomplete and "did you mean". Plain JSON both engines accept unchanged.

Each word must match somewhere (title over category names over description), with
fuzziness for typos and title prefixes for half-typed words; whole phrases and exact
words score higher.
"""
from ..query import PRICE_RANGES

PRODUCT_FIELDS = ["title^4", "categories^2", "description"]
SORTS = {
    "relevance": ["_score", {"date_created": "desc"}, {"id": "desc"}],
    "price-asc": [{"price": {"order": "asc", "missing": "_last"}}, {"id": "desc"}],
    "price-desc": [{"price": {"order": "desc", "missing": "_last"}}, {"id": "desc"}],
    "newest": [{"date_created": "desc"}, {"id": "desc"}],
    "name": [{"title.sort": "asc"}, {"id": "asc"}],
}
MAX_WINDOW = 10_000  # the engines' default max_result_window
FUZZY = "AUTO:4,7"  # exact under 4 letters (jam ≠ ham), one typo up to 6, two from 7


def text_query(words, fields, title="title"):
    if not words:
        return {"match_all": {}}
    phrase = " ".join(words)
    return {"bool": {
        "must": [
            {"bool": {"should": [
                {"multi_match": {"query": w, "fields": fields, "fuzziness": FUZZY, "prefix_length": 1,
                                 "max_expansions": 20}},
                {"match": {f"{title}.autocomplete": {"query": w, "boost": 2}}},
            ], "minimum_should_match": 1}}
            for w in words
        ],
        "should": [
            {"match_phrase": {title: {"query": phrase, "boost": 5}}},
            {"match": {f"{title}.plain": {"query": phrase, "operator": "and", "boost": 3}}},
        ],
    }}


def facet_filters(query):
    """Each chosen facet's filter under its own name."""
    filters = {}
    if query.category:
        filters["category"] = {"term": {"category_ids": query.category}}
    if query.price:
        bands = []
        for key, _label, low, high in PRICE_RANGES:
            if key in query.price:
                bounds = {**({"gte": float(low)} if low is not None else {}),
                          **({"lt": float(high)} if high is not None else {})}
                bands.append({"range": {"price": bounds}})
        filters["price"] = {"bool": {"should": bands, "minimum_should_match": 1}}
    if query.in_stock:
        filters["in_stock"] = {"term": {"in_stock": True}}
    if query.product_types:
        filters["product_type"] = {"terms": {"product_type": list(query.product_types)}}
    return filters


def _all(filters):
    return {"bool": {"filter": filters}} if filters else {"match_all": {}}


def product_search(query):
    """The whole search request: hits (ids only), total, facets and a suggestion."""
    scope = [{"term": {"category_ids": query.within_category}}] if query.within_category else []
    filters = facet_filters(query)

    def others(name):
        return _all([f for key, f in filters.items() if key != name])

    ranges = [{"key": key, **({"from": float(low)} if low is not None else {}),
               **({"to": float(high)} if high is not None else {})} for key, _l, low, high in PRICE_RANGES]
    body = {
        "query": {"bool": {"must": [text_query(query.words, PRODUCT_FIELDS)], "filter": scope}},
        "post_filter": _all(list(filters.values())),
        "sort": SORTS[query.effective_sort],
        "from": min(query.offset, MAX_WINDOW - query.per_page),
        "size": query.per_page,
        "_source": False,
        "track_total_hits": True,
        "aggs": {
            "category": {"filter": others("category"), "aggs": {"ids": {"terms": {"field": "category_ids",
                                                                                   "size": 1000}}}},
            "price": {"filter": others("price"), "aggs": {"bands": {"range": {"field": "price", "ranges": ranges}}}},
            "in_stock": {"filter": _all([f for k, f in filters.items() if k != "in_stock"]
                                        + [{"term": {"in_stock": True}}])},
            "product_type": {"filter": others("product_type"),
                             "aggs": {"ids": {"terms": {"field": "product_type", "size": 100}}}},
        },
    }
    if query.words:
        body["suggest"] = {"did_you_mean": {"text": " ".join(query.words), "term": {
            "field": "title.plain", "suggest_mode": "missing", "min_word_length": 3}}}
    return body


def read_product_hits(response):
    """(ids, total, facets, suggestion) from a product_search response."""
    aggs = response.get("aggregations", {})
    facets = {
        "category": {int(b["key"]): b["doc_count"] for b in aggs["category"]["ids"]["buckets"]},
        "price": {b["key"]: b["doc_count"] for b in aggs["price"]["bands"]["buckets"]},
        "in_stock": aggs["in_stock"]["doc_count"],
        "product_type": {int(b["key"]): b["doc_count"] for b in aggs["product_type"]["ids"]["buckets"]},
    }
    ids = [int(hit["_id"]) for hit in response["hits"]["hits"]]
    return ids, response["hits"]["total"]["value"], facets, suggestion_from(response)


def suggestion_from(response):
    entries = response.get("suggest", {}).get("did_you_mean", [])
    if not any(e["options"] for e in entries):
        return ""
    return " ".join(e["options"][0]["text"] if e["options"] else e["text"] for e in entries)


def page_search(words, limit):
    return {"query": text_query(words, ["title^3", "body"]), "size": limit, "_source": ["title", "url", "kind"]}


def autocomplete(words, limit):
    """Titles starting with what was typed; exact prefixes before near misses."""
    typed = " ".join(words)
    return {
        "query": {"bool": {"should": [
            {"match": {"title.autocomplete": {"query": typed, "operator": "and", "boost": 3}}},
            {"match": {"title.autocomplete": {"query": typed, "operator": "and", "fuzziness": FUZZY,
                                              "prefix_length": 1}}},
        ], "minimum_should_match": 1}},
        "size": limit,
        "_source": ["title", "url"],
    }
