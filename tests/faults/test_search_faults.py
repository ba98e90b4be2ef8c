"""The search engine loses its data, is rebuilt, or slows down: shoppers still find every product.

Given a real OpenSearch node (scripts/opensearch/start, OPENSEARCH_URL), each test in
indexes of its own, and a small indexed pantry:
- when the live index is deleted behind the site's back (a cluster that lost its data),
  search, the category page and autocomplete answer from the database, no request makes
  a new empty index, search.health.state() says degraded, and a rebuild brings the engine
  back without a restart;
- when the index is emptied (it exists, with no documents, while the database has
  products), the same;
- when the engine answers slower than the shopper timeout (a fault proxy), the database
  answers within that timeout and a bit, never a 500;
- when products change while rebuild_search_index runs, every change is in the new index
  after the alias switch.
"""
import logging
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from oscar.apps.catalogue.categories import create_from_breadcrumbs

from pagecache import store
from search import engines

from .. import services
from ..factories import make_product
from ..search_support import OPENSEARCH_URL, drop_indexes, use_engine
from . import report
from .faultproxy import FaultProxy

pytestmark = pytest.mark.django_db

PANTRY = [("Quince Paste", "9.00"), ("Quince Jelly", "6.00"), ("Damson Jam", "6.50"), ("Seville Marmalade", "7.25")]
BUDGET = 2.0 + 1.5  # seconds a shopper may wait when the engine is slow: the timeout and a bit


@pytest.fixture
def direct():
    """A client of our own, to do to the cluster what the site doesn't know about."""
    from opensearchpy import OpenSearch

    return OpenSearch(hosts=[OPENSEARCH_URL], timeout=30)


@pytest.fixture
def shop(settings, db, committed):
    services.require("OpenSearch", bool(OPENSEARCH_URL), "run scripts/opensearch/start and set OPENSEARCH_URL")
    use_engine(settings, "opensearch")
    call_command("rebuild_search_index", verbosity=0)
    with committed():
        pantry = create_from_breadcrumbs("Pantry")
        products = {title: make_product(title, price, category=pantry) for title, price in PANTRY}
    yield {"category": pantry, "products": products}
    drop_indexes(settings)


@dataclass
class Look:
    """What a shopper saw for one term on the search page, the category page and autocomplete."""

    statuses: list = field(default_factory=list)
    searched: list = field(default_factory=list)
    listed: list = field(default_factory=list)
    suggested: list = field(default_factory=list)
    engines: set = field(default_factory=set)
    slowest: float = 0.0

    def missing(self, shop, term):
        """How many products the shopper should have seen and didn't, over the three pages."""
        matching = [t for t in shop["products"] if term in t.lower()]
        return (sum(t not in self.searched for t in matching) + sum(t not in self.listed for t in shop["products"])
                + sum(t not in self.suggested for t in matching))


def look(client, shop, term="quince"):
    store.forget_all_pages()  # rendered afresh: a cached page would hide who answered
    seen = Look()
    for path, params in (("/search/", {"q": term}), (shop["category"].get_absolute_url(), {}),
                         ("/search/autocomplete/", {"q": term[:4]})):
        started = time.monotonic()
        response = client.get(path, params)
        seen.slowest = max(seen.slowest, time.monotonic() - started)
        seen.statuses.append(response.status_code)
        if response.status_code != 200:
            continue
        if "autocomplete" in path:
            seen.suggested = [s["label"] for s in response.json()["suggestions"]]
            continue
        titles = [p.title for p in response.context["products"]]
        seen.searched, seen.listed = (titles, seen.listed) if path == "/search/" else (seen.searched, titles)
        seen.engines.add(response.context["view"].hits.engine)
    return seen


def search_state():
    from search.health import state

    return state()


def warnings_about_search(caplog):
    return [r for r in caplog.records if r.name == "search" and r.levelno == logging.WARNING
            and "answering from the database" in r.getMessage()]


def test_a_deleted_index_is_answered_from_the_database_until_it_is_rebuilt(client, shop, direct, monkeypatch,
                                                                          caplog):
    engine = engines.get_engine()
    alias = engine.alias("products")
    assert look(client, shop).engines == {"opensearch"}

    direct.indices.delete(index=list(direct.indices.get_alias(name=alias)))  # the cluster lost its data
    with caplog.at_level(logging.WARNING, logger="search"):
        looks = [look(client, shop) for _ in range(2)]  # this process finds out on its next request
        monkeypatch.setattr(engines, "_engines", {})  # and a web process started after the loss
        looks += [look(client, shop) for _ in range(2)]
    index_made = direct.indices.exists(index=alias)

    statuses = [code for seen in looks for code in seen.statuses]
    missing = sum(seen.missing(shop, "quince") for seen in looks)
    report.record("Search engine lost its index", statuses,
                  {"products missing from results": missing, "empty indexes made by requests": int(index_made)},
                  "answered from the database until rebuild_search_index")
    assert set(statuses) == {200} and missing == 0
    assert {name for seen in looks for name in seen.engines} == {"database"}
    assert not index_made  # creating an index is the rebuild's job, never a request's
    status, reason = search_state()
    assert status == "degraded" and "products index" in reason and "missing" in reason
    assert 1 <= len(warnings_about_search(caplog)) <= 2  # once per process and period, not once a request

    call_command("rebuild_search_index", verbosity=0)

    again = look(client, shop)
    assert again.engines == {"opensearch"} and again.missing(shop, "quince") == 0
    assert search_state()[0] == "ok"


def empty(direct, alias):
    direct.delete_by_query(index=alias, body={"query": {"match_all": {}}}, refresh=True)
    assert direct.count(index=alias)["count"] == 0


def test_an_emptied_index_is_answered_from_the_database(client, shop, direct, monkeypatch):
    alias = engines.get_engine().alias("products")
    assert look(client, shop).engines == {"opensearch"}

    empty(direct, alias)
    monkeypatch.setattr(engines, "_engines", {})  # a web process started after the loss
    looks = [look(client, shop)]
    assert looks[0].missing(shop, "quince") == 0, "an empty index answered instead of the database"
    # A process that was already running believes its last look for a few seconds, then looks again.
    monkeypatch.setattr(engines, "_engines", {})
    monkeypatch.setattr("search.backends.watch.CHECK_SECONDS", 0.5)
    call_command("rebuild_search_index", "--only", "products", verbosity=0)
    assert look(client, shop).engines == {"opensearch"}
    empty(direct, alias)
    time.sleep(0.6)
    looks.append(look(client, shop))

    statuses = [code for seen in looks for code in seen.statuses]
    missing = sum(seen.missing(shop, "quince") for seen in looks)
    report.record("Search engine index emptied", statuses, {"products missing from results": missing},
                  "an empty index while the database has products is not believed")
    assert set(statuses) == {200} and missing == 0
    assert {name for seen in looks for name in seen.engines} == {"database"}
    status, reason = search_state()
    assert status == "degraded" and "empty" in reason

    call_command("rebuild_search_index", verbosity=0)

    assert look(client, shop).engines == {"opensearch"}


def test_a_slow_engine_costs_shoppers_the_timeout_at_most(client, shop, settings):
    from search.backends import clients

    target = urlsplit(OPENSEARCH_URL)
    proxy = FaultProxy(target.hostname, target.port)
    try:
        settings.SEARCH_URL = f"http://{proxy.address}"
        assert look(client, shop).engines == {"opensearch"}

        proxy.slow(BUDGET)  # every chunk waits longer than a shopper may
        looks = [look(client, shop) for _ in range(3)]
    finally:
        proxy.heal()
        proxy.stop()

    statuses = [code for seen in looks for code in seen.statuses]
    missing = sum(seen.missing(shop, "quince") for seen in looks)
    slowest = max(seen.slowest for seen in looks)
    report.record("Search engine slow", statuses,
                  {"products missing from results": missing,
                   "answers slower than the budget": sum(seen.slowest > BUDGET for seen in looks)},
                  f"slowest answer {slowest:.1f}s; budget {BUDGET}s")
    assert set(statuses) == {200} and missing == 0
    assert {name for seen in looks for name in seen.engines} == {"database"}
    assert slowest < BUDGET
    assert clients.SHOPPER_TIMEOUT <= 2


def test_changes_made_while_the_index_is_rebuilt_reach_the_new_index(client, shop, direct, committed, monkeypatch):
    from search.management.commands import rebuild_search_index as command

    with committed():
        extra = [make_product(f"Pantry Jar {n}", "3.00", category=shop["category"]) for n in range(8)]
    products = shop["products"]
    # Batches of four in id order: the pantry, then extra[0:4], then extra[4:8].
    renamed_early, hidden, renamed_late, deleted = (products["Quince Paste"], products["Quince Jelly"],
                                                    extra[1], extra[2])
    changes = {}
    during = []
    real_documents = command.all_documents

    def documents_while_shoppers_change_things(kind, size):
        total, batches = real_documents(kind, size)
        if kind != "products":
            return total, batches

        def batches_with_changes():
            for number, batch in enumerate(batches):
                if number == 1:  # this batch was read before these changes and is sent after them
                    with committed():
                        renamed_late.title = changes["late"] = "Greengage Chutney"
                        renamed_late.save()
                        deleted.delete()
                yield batch
                if number == 0:  # copied already (or on its way): only upkeep can bring these
                    with committed():
                        renamed_early.title = changes["early"] = "Medlar Paste"
                        renamed_early.save()
                        hidden.is_public = False
                        hidden.save()
                        changes["new"] = make_product("Quince Cheese", "8.00", category=shop["category"])
                    during.append(client.get("/search/", {"q": "quince"}).status_code)
        return total, batches_with_changes()

    deleted_pk = deleted.pk
    monkeypatch.setattr(command, "all_documents", documents_while_shoppers_change_things)
    call_command("rebuild_search_index", "--only", "products", "--batch", "4", verbosity=0)

    alias = engines.get_engine().alias("products")
    direct.indices.refresh(index=alias)

    def title_in_index(product_pk):
        found = direct.search(index=alias, body={"query": {"ids": {"values": [str(product_pk)]}}})["hits"]["hits"]
        return found[0]["_source"]["title"] if found else None

    lost = {
        "renamed after its copy": title_in_index(renamed_early.pk) != changes["early"],
        "hidden after its copy": title_in_index(hidden.pk) is not None,
        "renamed before a stale copy": title_in_index(renamed_late.pk) != changes["late"],
        "deleted before a stale copy": title_in_index(deleted_pk) is not None,
        "added during the rebuild": title_in_index(changes["new"].pk) != "Quince Cheese",
    }
    store.forget_all_pages()
    shoppers = {term: client.get("/search/", {"q": term}) for term in ("medlar", "greengage", "quince")}
    found = {term: [p.title for p in r.context["products"]] for term, r in shoppers.items()}
    statuses = during + [r.status_code for r in shoppers.values()]
    missing = (("Medlar Paste" not in found["medlar"]) + ("Greengage Chutney" not in found["greengage"])
               + ("Quince Cheese" not in found["quince"]))
    report.record("Search engine rebuilt while products change", statuses,
                  {"products missing from results": missing, "changes lost at the alias switch": sum(lost.values())},
                  ", ".join(what for what, gone in lost.items() if gone))
    assert {r.context["view"].hits.engine for r in shoppers.values()} == {"opensearch"}
    assert not any(lost.values()), lost
    assert missing == 0 and set(statuses) == {200}
    assert found["quince"] == ["Quince Cheese"]  # the hidden jelly and the renamed paste are gone
