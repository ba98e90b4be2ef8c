"""The engine for Elasticsearch 8 and OpenSearch 2/3: one class, the client passed in.

Two indexes sit behind aliases (`<prefix>-products`, `<prefix>-pages`). Upkeep writes
through the alias; a rebuild fills a fresh index and then moves the alias in one atomic
step, so searches never see a half-built index.
"""
import logging
import time
from collections import deque
from concurrent.futures import ThreadPoolExecutor

from django.conf import settings

from ..query import ProductHits
from . import elastic_queries as q
from .mappings import INDEXES

logger = logging.getLogger(__name__)
BATCH = 500
IN_FLIGHT = 2  # bulk requests queued behind the one being sent, during a rebuild
# While a rebuild fills its new index nobody searches it: no refreshes, no fsync per bulk
# request (a crash mid-rebuild loses only the unfinished new index). Serving values after.
REBUILDING = {"refresh_interval": "-1", "translog.durability": "async"}
SERVING = {"refresh_interval": "1s", "translog.durability": "request"}


class IndexError_(RuntimeError):
    """The engine refused some documents."""


class ElasticEngine:
    def __init__(self, name, client, prefix=None, refresh=None):
        self.name = name
        self.client = client
        self.prefix = prefix or settings.SEARCH_INDEX_PREFIX
        self.refresh = settings.SEARCH_REFRESH_ON_WRITE if refresh is None else refresh
        self._ready = set()

    def alias(self, kind):
        return f"{self.prefix}-{kind}"

    # --- reading ---------------------------------------------------------------------------

    def search_products(self, query):
        self.ensure_index("products")
        index = self.alias("products")
        page, counts = q.product_search(query)
        # request_cache: the size-0 counts are cached until the index next changes.
        found, counted = self._msearch("product search", [{"index": index}, page,
                                                          {"index": index, "request_cache": True}, counts])
        ids, total, facets, suggestion = q.read_product_hits(found, counted)
        return ProductHits(ids=ids, total=total, facets=facets, suggestion=suggestion if not total else "",
                           engine=self.name)

    def search_pages(self, text, limit):
        from ..query import words_of

        self.ensure_index("pages")
        response = self.client.search(index=self.alias("pages"), body=q.page_search(words_of(text), limit))
        return [{"id": int(h["_id"]), **h["_source"]} for h in response["hits"]["hits"]]

    def autocomplete(self, words, limit):
        """{"products": [(id, title, url)], "pages": [...]} in one round trip."""
        body = q.autocomplete(words, limit)
        self.ensure_index("products")
        self.ensure_index("pages")
        results = self._msearch("autocomplete", [{"index": self.alias("products")}, body,
                                                 {"index": self.alias("pages")}, body])
        return {kind: [(int(h["_id"]), h["_source"]["title"], h["_source"]["url"]) for h in result["hits"]["hits"]]
                for kind, result in zip(("products", "pages"), results, strict=True)}

    def _msearch(self, what, lines):
        """The responses to several searches sent in one request; any failure raises."""
        responses = self.client.msearch(body=lines)["responses"]
        for result in responses:
            if "error" in result:
                raise RuntimeError(f"{what}: {result['error']}")
        return responses

    # --- writing ---------------------------------------------------------------------------

    def ensure_index(self, kind):
        """Create the index behind the alias the first time anything is written."""
        if kind in self._ready:
            return
        alias = self.alias(kind)
        if not self.client.indices.exists_alias(name=alias):
            self.create_index(kind, alias=True)
        self._ready.add(kind)

    def create_index(self, kind, alias=False, index_settings=None):
        name = f"{self.alias(kind)}-{time.strftime('%Y%m%d%H%M%S')}-{time.monotonic_ns() % 10**6:06d}"
        body = dict(INDEXES[kind])
        # Replicas only on a cluster: a replica can't sit on the node holding its primary.
        replicas = {"number_of_replicas": settings.SEARCH_REPLICAS}
        body["settings"] = {**body["settings"], **replicas, **(index_settings or {})}
        if alias:
            body["aliases"] = {self.alias(kind): {}}
        self.client.indices.create(index=name, body=body)
        return name

    def index(self, kind, docs, target=None):
        if not docs:
            return
        self.ensure_index(kind) if target is None else None
        ops = []
        for doc in docs:
            ops += [{"index": {"_index": target or self.alias(kind), "_id": str(doc["id"])}}, doc]
        self._bulk(ops, refresh=self.refresh if target is None else False)

    def delete(self, kind, ids):
        if not ids:
            return
        self.ensure_index(kind)
        self._bulk([{"delete": {"_index": self.alias(kind), "_id": str(pk)}} for pk in ids], refresh=self.refresh)

    def _bulk(self, ops, refresh):
        response = self.client.bulk(body=ops, refresh="true" if refresh else "false")
        if response.get("errors"):
            failed = [item for item in response["items"] for action, r in item.items()
                      if r.get("status", 200) >= 400 and not (action == "delete" and r.get("status") == 404)]
            if failed:
                raise IndexError_(f"{len(failed)} documents refused, first: {failed[0]}")

    def index_products(self, docs):
        self.index("products", docs)

    def delete_products(self, ids):
        self.delete("products", ids)

    def index_pages(self, docs):
        self.index("pages", docs)

    def delete_pages(self, ids):
        self.delete("pages", ids)

    def rebuild(self, kind, batches, progress=None):
        """Fill a new index from `batches` (lists of documents), then switch the alias to it.

        Bulk requests go out from a second thread while the next batch is built (building
        is Python work, indexing the engine's), at most IN_FLIGHT ahead. The new index
        neither refreshes nor syncs its translog per request until it is complete.
        """
        alias = self.alias(kind)
        new = self.create_index(kind, index_settings=REBUILDING)
        try:
            with ThreadPoolExecutor(max_workers=1, thread_name_prefix="search-bulk") as sender:
                pending = deque()
                for docs in batches:
                    pending.append(sender.submit(self.index, kind, docs, target=new))
                    while len(pending) > IN_FLIGHT:
                        pending.popleft().result()
                    if progress:
                        progress(len(docs))
                while pending:
                    pending.popleft().result()
        except BaseException:
            self.client.indices.delete(index=new)  # never leave a half-built index behind
            raise
        self.client.indices.put_settings(index=new, body={"index": SERVING})
        self.client.indices.refresh(index=new)
        old = list(self.client.indices.get_alias(name=alias)) if self.client.indices.exists_alias(name=alias) else []
        # A concrete index named like the alias (auto-created by a write) must go first.
        if not old and self.client.indices.exists(index=alias):
            self.client.indices.delete(index=alias)
        actions = [{"remove": {"index": o, "alias": alias}} for o in old] + [{"add": {"index": new, "alias": alias}}]
        self.client.indices.update_aliases(body={"actions": actions})
        for o in old:
            self.client.indices.delete(index=o)
        self._ready.add(kind)
        return new

    def drop(self):
        """Delete both indexes (tests and the benchmark clean up after themselves)."""
        for kind in INDEXES:
            alias = self.alias(kind)
            if self.client.indices.exists_alias(name=alias):
                for name in list(self.client.indices.get_alias(name=alias)):
                    self.client.indices.delete(index=name)
        self._ready.clear()

    def health(self):
        info = self.client.cluster.health()
        status = info["status"]
        if status == "red":
            raise RuntimeError(f"{self.name} cluster is red")
        return f"{self.name} ({status})"
