"""Index settings and mappings for Elasticsearch 8 and OpenSearch 2/3 (the same JSON).

Text fields use the English analyzer (stemming) with a `.autocomplete` edge n-gram
sub-field for prefixes and an unstemmed `.plain` one for typos; titles also keep a
lowercase keyword for sorting by name. The ids facets count (categories, product type)
are keywords with eager global ordinals: terms aggregations on them read a ready-made
ordinal table instead of hashing every matching document's numbers.
"""

ANALYSIS = {
    "filter": {
        "english_stemmer": {"type": "stemmer", "language": "english"},
        "english_possessive": {"type": "stemmer", "language": "possessive_english"},
        "prefixes": {"type": "edge_ngram", "min_gram": 2, "max_gram": 15},
    },
    "analyzer": {
        "shop_english": {
            "tokenizer": "standard",
            "filter": ["english_possessive", "lowercase", "asciifolding", "english_stemmer"],
        },
        "shop_prefix": {"tokenizer": "standard", "filter": ["lowercase", "asciifolding", "prefixes"]},
        "shop_prefix_query": {"tokenizer": "standard", "filter": ["lowercase", "asciifolding"]},
    },
    "normalizer": {"sortable": {"type": "custom", "filter": ["lowercase", "asciifolding"]}},
}

TEXT_WITH_PREFIXES = {
    "type": "text",
    "analyzer": "shop_english",
    "fields": {
        "autocomplete": {"type": "text", "analyzer": "shop_prefix", "search_analyzer": "shop_prefix_query"},
        "plain": {"type": "text", "analyzer": "standard"},
    },
}

FACET_IDS = {"type": "keyword", "eager_global_ordinals": True}
ONE_SHARD = {"number_of_shards": 1, "number_of_replicas": 0, "analysis": ANALYSIS}

PRODUCTS = {
    "settings": ONE_SHARD,
    "mappings": {
        "dynamic": "strict",
        "properties": {
            "id": {"type": "integer"},
            "title": {**TEXT_WITH_PREFIXES, "fields": {
                **TEXT_WITH_PREFIXES["fields"], "sort": {"type": "keyword", "normalizer": "sortable"}}},
            "categories": {"type": "text", "analyzer": "shop_english",
                           "fields": {"plain": {"type": "text", "analyzer": "standard"}}},
            "description": {"type": "text", "analyzer": "shop_english"},
            "upc": {"type": "keyword"},
            "category_ids": FACET_IDS,
            "product_type": FACET_IDS,
            "attributes": {"type": "text", "analyzer": "shop_english"},  # every version's values, as words
            "colour": FACET_IDS,
            "size": FACET_IDS,
            "material": FACET_IDS,
            "price": {"type": "scaled_float", "scaling_factor": 100},
            "in_stock": {"type": "boolean"},
            "date_created": {"type": "date"},
            "url": {"type": "keyword", "index": False},
        },
    },
}

PAGES = {
    "settings": ONE_SHARD,
    "mappings": {
        "dynamic": "strict",
        "properties": {
            "id": {"type": "integer"},
            "title": TEXT_WITH_PREFIXES,
            "body": {"type": "text", "analyzer": "shop_english"},
            "kind": {"type": "keyword"},
            "url": {"type": "keyword", "index": False},
            "date": {"type": "date"},
        },
    },
}

INDEXES = {"products": PRODUCTS, "pages": PAGES}
