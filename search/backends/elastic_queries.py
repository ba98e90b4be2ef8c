"""Request bodies for Elasticsearch 8 and OpenSearch: product search with facets, page
search, autocomplete and "did you mean". Plain JSON both engines accept unchanged.

Each word must match somewhere (title over category names over description), with
fuzziness for typos and title prefixes for half-typed words; whole phrases and exact
words score higher. Typos are matched on the stemmed fields and on the unstemmed
`.plain` ones: stemming shortens a misspelt word ("olve" -> "olv") below the length
that allows an edit, or away from the real word's stem ("vinager" -> "vinag").
"""
from ..query import ATTRIBUTE_FACETS, PRICE_RANGES

PRODUCT_FIELDS = ["title^4", "categories^2", "attributes^2", "description"]
PRODUCT_PLAIN_FIELDS = ["title.plain^4", "categories.plain^2"]
SORTS = {
    "relevance": ["_score", {"date_created": "desc"}, {"id": "desc"}],
    "price-asc": [{"price": {"order": "asc", "missing": "_last"}}, {"id": "desc"}],
    "price-desc": [{"price": {"order": "desc", "missing": "_last"}}, {"id": "desc"}],
    "newest": [{"date_created": "desc"}, {"id": "desc"}],
    "name": [{"title.sort": "asc"}, {"id": "asc"}],
}
MAX_WINDOW = 10_000  # the engines' default max_result_window
FUZZY = "AUTO:4,7"  # exact under 4 letters (jam ≠ ham), one typo up to 6, two from 7


def _fuzzy(word, fields):
    return {"multi_match": {"query": word, "fields": fields, "fuzziness": FUZZY, "prefix_length": 1,
                            "max_expansions": 20}}


def text_query(words, fields, plain_fields, title="title"):
    if not words:
        return {"match_all": {}}
    phrase = " ".join(words)
    return {"bool": {
        "must": [
            {"bool": {"should": [
                _fuzzy(w, fields),
                _fuzzy(w, plain_fields),
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
    for code, values in query.attributes:
        filters[code] = {"terms": {code: list(values)}}
    return filters


def _all(filters):
    return {"bool": {"filter": filters}} if filters else {"match_all": {}}


def product_search(query):
    """Two bodies for one msearch: (the page of hits, the counts).

    The page (ids only, sorted) skips counting. The counts request has size 0 — the
    total, every facet and the suggestion — so the engine's shard request cache answers
    it again for the next shopper browsing the same category or filters.
    """
    scope = [{"term": {"category_ids": query.within_category}}] if query.within_category else []
    filters = facet_filters(query)
    matching = {"bool": {"must": [text_query(query.words, PRODUCT_FIELDS, PRODUCT_PLAIN_FIELDS)],
                         "filter": scope}}
    page = {
        "query": matching,
        "post_filter": _all(list(filters.values())),
        "sort": SORTS[query.effective_sort],
        "from": min(query.offset, MAX_WINDOW - query.per_page),
        "size": query.per_page,
        "_source": False,
        "track_total_hits": False,
    }
    return page, product_counts(query, matching, filters)


def product_counts(query, matching, filters):
    def others(name):
        return _all([f for key, f in filters.items() if key != name])

    ranges = [{"key": key, **({"from": float(low)} if low is not None else {}),
               **({"to": float(high)} if high is not None else {})} for key, _l, low, high in PRICE_RANGES]
    body = {
        "query": matching,
        "size": 0,
        "track_total_hits": False,
        "aggs": {
            "total": {"filter": _all(list(filters.values()))},
            "category": {"filter": others("category"), "aggs": {"ids": {"terms": {"field": "category_ids",
                                                                                   "size": 1000}}}},
            "price": {"filter": others("price"), "aggs": {"bands": {"range": {"field": "price", "ranges": ranges}}}},
            "in_stock": {"filter": _all([f for k, f in filters.items() if k != "in_stock"]
                                        + [{"term": {"in_stock": True}}])},
            "product_type": {"filter": others("product_type"),
                             "aggs": {"ids": {"terms": {"field": "product_type", "size": 100}}}},
        },
    }
    for code, _title in ATTRIBUTE_FACETS:
        body["aggs"][code] = {"filter": others(code), "aggs": {"values": {"terms": {"field": code, "size": 100}}}}
    if query.words:
        body["suggest"] = {"did_you_mean": {"text": " ".join(query.words), "term": {
            "field": "title.plain", "suggest_mode": "missing", "min_word_length": 3}}}
    return body


def read_product_hits(page, counts):
    """(ids, total, facets, suggestion) from the responses to product_search's two bodies."""
    aggs = counts["aggregations"]
    facets = {
        "category": {int(b["key"]): b["doc_count"] for b in aggs["category"]["ids"]["buckets"]},
        "price": {b["key"]: b["doc_count"] for b in aggs["price"]["bands"]["buckets"]},
        "in_stock": aggs["in_stock"]["doc_count"],
        "product_type": {int(b["key"]): b["doc_count"] for b in aggs["product_type"]["ids"]["buckets"]},
        **{code: {b["key"]: b["doc_count"] for b in aggs[code]["values"]["buckets"]}
           for code, _title in ATTRIBUTE_FACETS if code in aggs},
    }
    ids = [int(hit["_id"]) for hit in page["hits"]["hits"]]
    return ids, aggs["total"]["doc_count"], facets, suggestion_from(counts)


def suggestion_from(response):
    entries = response.get("suggest", {}).get("did_you_mean", [])
    if not any(e["options"] for e in entries):
        return ""
    return " ".join(e["options"][0]["text"] if e["options"] else e["text"] for e in entries)


def page_search(words, limit):
    return {"query": text_query(words, ["title^3", "body"], ["title.plain^3"]), "size": limit,
            "_source": ["title", "url", "kind"]}


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
