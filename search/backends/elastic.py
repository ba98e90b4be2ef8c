"""The engine for Elasticsearch 8 and OpenSearch 2/3: one class, the client passed in.

Two indexes sit behind aliases (`<prefix>-products`, `<prefix>-pages`). Upkeep writes
through the alias; a rebuild fills a fresh index and then moves the alias in one atomic
step, so searches never see a half-built index. Indexes are only ever created by a
rebuild (rebuild_search_index): a write or a search never makes one, so a cluster that
lost its data shows as a missing index (watch.py) instead of an empty one that answers
every search with nothing.

While a rebuild runs, its new index also carries the alias `<alias>-rebuilding`, and
upkeep writes there as well as to the live alias, so a change made during the rebuild is
in the new index when the alias moves. Every document carries an external version: the
rebuild's copies 1, upkeep's 2. A copy the rebuild read before a change and sends after
it is refused (409) instead of overwriting the change, and a product deleted meanwhile
stays deleted (its delete leaves a tombstone of version 2).
"""
import logging
import time
from collections import deque
from concurrent.futures import ThreadPoolExecutor

from django.conf import settings

from ..query import ProductHits
from . import elastic_queries as q
from .mappings import INDEXES
from .watch import IndexWatch

logger = logging.getLogger(__name__)
BATCH = 500
IN_FLIGHT = 2  # bulk requests queued behind the one being sent, during a rebuild
# While a rebuild fills its new index nobody searches it: no refreshes, no fsync per bulk
# request (a crash mid-rebuild loses only the unfinished new index). Serving values after.
REBUILDING = {"refresh_interval": "-1", "translog.durability": "async"}
SERVING = {"refresh_interval": "1s", "translog.durability": "request"}
REBUILT = {"version": 1, "version_type": "external_gte"}
UPKEEP = {"version": 2, "version_type": "external_gte"}


class IndexError_(RuntimeError):
    """The engine refused some documents."""


class ElasticEngine:
    def __init__(self, name, client, prefix=None, refresh=None, writer=None):
        """`client` answers shoppers (short timeout); `writer`, if given, sends upkeep and rebuilds."""
        self.name = name
        self.client = client
        self.writer = writer or client
        self.prefix = prefix or settings.SEARCH_INDEX_PREFIX
        self.refresh = settings.SEARCH_REFRESH_ON_WRITE if refresh is None else refresh
        self.watch = IndexWatch(self, INDEXES)

    def alias(self, kind):
        return f"{self.prefix}-{kind}"

    def marker(self, kind):
        """The alias a running rebuild puts on the index it is filling."""
        return f"{self.alias(kind)}-rebuilding"

    # --- reading ---------------------------------------------------------------------------

    def search_products(self, query):
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

        response = self.client.search(index=self.alias("pages"), body=q.page_search(words_of(text), limit))
        return [{"id": int(h["_id"]), **h["_source"]} for h in response["hits"]["hits"]]

    def autocomplete(self, words, limit):
        """{"products": [(id, title, url)], "pages": [...]} in one round trip."""
        body = q.autocomplete(words, limit)
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

    def create_index(self, kind, aliases=(), index_settings=None):
        name = f"{self.alias(kind)}-{time.strftime('%Y%m%d%H%M%S')}-{time.monotonic_ns() % 10**6:06d}"
        body = dict(INDEXES[kind])
        # Replicas only on a cluster: a replica can't sit on the node holding its primary.
        replicas = {"number_of_replicas": settings.SEARCH_REPLICAS}
        body["settings"] = {**body["settings"], **replicas, **(index_settings or {})}
        if aliases:
            body["aliases"] = {alias: {} for alias in aliases}
        self.writer.indices.create(index=name, body=body)
        return name

    def index(self, kind, docs):
        if not docs:
            return
        self._upkeep(kind, lambda target: [line for doc in docs for line in (
            {"index": {"_index": target, "_id": str(doc["id"]), **UPKEEP}}, doc)])

    def delete(self, kind, ids):
        if not ids:
            return
        self._upkeep(kind, lambda target: [{"delete": {"_index": target, "_id": str(pk), **UPKEEP}} for pk in ids])

    def _upkeep(self, kind, ops_for):
        """Send upkeep to the live alias, and to a running rebuild's new index if there is one.

        A missing live index is not created: the change is logged as not done, and the
        rebuild that brings the index back reads it from the database.
        """
        alias, marker = self.alias(kind), self.marker(kind)
        rebuilding = self.writer.indices.exists_alias(name=marker)
        ops = ops_for(alias) + (ops_for(marker) if rebuilding else [])
        failed = self._bulk(ops, refresh=self.refresh)
        missing = [r for r in failed if r.get("error", {}).get("type") == "index_not_found_exception"]
        if len(missing) < len(failed):
            raise IndexError_(f"{len(failed) - len(missing)} documents refused, first: "
                              f"{next(r for r in failed if r not in missing)}")
        # The marker vanishes when the rebuild switches the alias: the live write is enough then.
        if not rebuilding and missing:
            self.watch.warn(("upkeep", kind), f"The {kind} search index ({alias}) is missing, so changes "
                                              "are not indexed; rebuild_search_index repairs it")

    def _bulk(self, ops, refresh):
        """The items the engine refused. Aliases only, never an index made up on the spot; a
        409 means a newer copy is already there, a 404 on a delete that the document isn't."""
        response = self.writer.bulk(body=ops, refresh="true" if refresh else "false", require_alias=True)
        if not response.get("errors"):
            return []
        return [r for item in response["items"] for action, r in item.items()
                if r.get("status", 200) >= 400 and r["status"] != 409
                and not (action == "delete" and r["status"] == 404 and "error" not in r)]

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
        alias, marker = self.alias(kind), self.marker(kind)
        new = self.create_index(kind, aliases=[marker], index_settings=REBUILDING)
        try:
            self._abandon_unfinished(marker, new)
            with ThreadPoolExecutor(max_workers=1, thread_name_prefix="search-bulk") as sender:
                pending = deque()
                for docs in batches:
                    pending.append(sender.submit(self._fill, marker, docs))
                    while len(pending) > IN_FLIGHT:
                        pending.popleft().result()
                    if progress:
                        progress(len(docs))
                while pending:
                    pending.popleft().result()
        except BaseException:
            self.writer.indices.delete(index=new)  # never leave a half-built index behind
            raise
        indices = self.writer.indices
        indices.put_settings(index=new, body={"index": SERVING})
        indices.refresh(index=new)
        old = list(indices.get_alias(name=alias)) if indices.exists_alias(name=alias) else []
        # A concrete index named like the alias (auto-created by a write) must go first.
        if not old and indices.exists(index=alias):
            indices.delete(index=alias)
        actions = [{"remove": {"index": o, "alias": alias}} for o in old] + [{"add": {"index": new, "alias": alias}}]
        indices.update_aliases(body={"actions": actions})
        # Until this, upkeep writes to both aliases: after the switch both name the new index.
        indices.delete_alias(index=new, name=marker)
        for o in old:
            indices.delete(index=o)
        self.watch.forget(kind)
        return new

    def _fill(self, marker, docs):
        ops = [line for doc in docs for line in ({"index": {"_index": marker, "_id": str(doc["id"]), **REBUILT}}, doc)]
        failed = self._bulk(ops, refresh=False)
        if failed:
            raise IndexError_(f"{len(failed)} documents refused, first: {failed[0]}")

    def _abandon_unfinished(self, marker, new):
        """A rebuild killed before it finished leaves its index holding the marker: delete it,
        so upkeep has one index to write to."""
        for name in self.writer.indices.get_alias(name=marker):
            if name != new:
                logger.warning("Deleting %s, left behind by a rebuild that never finished", name)
                self.writer.indices.delete(index=name)

    def drop(self):
        """Delete both indexes (tests and the benchmark clean up after themselves)."""
        indices = self.writer.indices
        for kind in INDEXES:
            for alias in (self.alias(kind), self.marker(kind)):
                if indices.exists_alias(name=alias):
                    for name in list(indices.get_alias(name=alias)):
                        indices.delete(index=name)
        self.watch.forget()

    def state(self):
        """("ok" | "degraded", reason): whether shoppers are answered by this engine."""
        return self.watch.state()
