"""Whether an engine's indexes can answer shoppers, looked at no more than every few seconds.

An index that is missing (the cluster lost its data, or nobody has run
rebuild_search_index yet), or empty while the database has products to show, would answer
every search with nothing; an engine that fails or times out would make every shopper
wait for it. Either way the site answers from the database until the engine looks healthy
again. What was seen is kept per process for CHECK_SECONDS, so a request costs at most a
dictionary lookup, and each problem is logged once a period, not once a request.
"""
import logging
import threading
import time

logger = logging.getLogger("search")
CHECK_SECONDS = 10.0
LOOKING_SECONDS = 5.0  # longer than a look can take (the shopper timeout)
REPAIR = "answering from the database until rebuild_search_index rebuilds it"


class IndexWatch:
    def __init__(self, engine, kinds):
        self.engine = engine
        self.kinds = tuple(kinds)
        self._seen = {}  # kind or "cluster" -> (monotonic time to look again, problem or None)
        self._warned = {}  # warning key -> monotonic time it was last logged
        self._lock = threading.Lock()
        self._cluster_status = "not asked yet"

    def problem(self, kinds):
        """Why the engine shouldn't answer for these indexes now, or None."""
        for kind in kinds:
            found = self._look(kind)
            if found:
                return found
        return None

    def failed(self, reason):
        """A request to the engine failed (`reason` names the engine): every index is set
        aside for a period, so the next shoppers don't wait for the engine too."""
        again = time.monotonic() + CHECK_SECONDS
        reason = reason if len(reason) <= 300 else reason[:299] + "…"  # engines quote whole requests back
        with self._lock:
            for key in (*self.kinds, "cluster"):
                self._seen[key] = (again, reason)
        self.warn("failed", f"Search engine {reason}; answering from the database")

    def forget(self, *kinds):
        """Look afresh next time (a rebuild in this process has just replaced the index)."""
        with self._lock:
            for kind in kinds or self.kinds:
                self._seen.pop(kind, None)

    def state(self):
        """("ok" | "degraded", reason) for /healthz, from the same cached looks."""
        problems = []
        for kind in (*self.kinds, "cluster"):
            found = self._look(kind)
            if found and found not in problems:
                problems.append(found)
        if problems:
            return "degraded", "; ".join(problems)
        return "ok", f"{self.engine.name} ({self._cluster_status})"

    def warn(self, key, message):
        """Log `message` unless the same kind of problem was logged in the last period."""
        now = time.monotonic()
        with self._lock:
            if self._warned.get(key, -CHECK_SECONDS) > now - CHECK_SECONDS:
                return
            self._warned[key] = now
        logger.warning(message)

    # --- looking ----------------------------------------------------------------------

    def _look(self, kind):
        now = time.monotonic()
        with self._lock:
            seen = self._seen.get(kind)
            if seen and seen[0] > now:
                return seen[1]
            if seen:  # one request looks; the others keep the last answer meanwhile
                self._seen[kind] = (now + LOOKING_SECONDS, seen[1])
        try:
            found = self._examine_cluster() if kind == "cluster" else self._examine(kind)
        except Exception as exc:  # noqa: BLE001  unreachable, timed out, refused: no index can answer
            self.failed(f"{self.engine.name} can't be reached ({type(exc).__name__}: {exc})")
            return self._seen[kind][1]
        with self._lock:
            self._seen[kind] = (now + CHECK_SECONDS, found)
        if found:
            self.warn(("index", kind), f"Search engine {self.engine.name}: {found}; {REPAIR}")
        return found

    def _examine(self, kind):
        from ..documents import has_documents

        alias = self.engine.alias(kind)
        try:
            count = self.engine.client.count(index=alias)["count"]
        except Exception as exc:
            if getattr(exc, "status_code", None) == 404:
                return f"the {kind} index ({alias}) is missing"
            raise
        if count == 0 and has_documents(kind):
            return f"the {kind} index ({alias}) is empty while the database has {kind} to show"
        return None

    def _examine_cluster(self):
        self._cluster_status = self.engine.client.cluster.health()["status"]
        return f"the {self.engine.name} cluster is red" if self._cluster_status == "red" else None
