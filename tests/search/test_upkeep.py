"""Keeping the index current, and answering when the engine can't: content pages, batched
after-commit upkeep, the no-downtime rebuild, and the database fallback."""
import logging
from pathlib import Path

import pytest
from django.core.management import call_command
from wagtail.models import Page, Site

from search.models import SearchQuery
from tests.factories import make_product
from tests.search_support import ENGINES

pytestmark = pytest.mark.django_db


def publish_page(title, committed):
    with committed():
        home = Site.objects.get(is_default_site=True).root_page
        page = home.add_child(instance=Page(title=title, slug=title.lower().replace(" ", "-")))
        page.save_revision().publish()
    return page


def page_titles(response):
    return [p["title"] for p in response.context["pages"]]


def test_published_pages_are_found_and_unpublished_ones_disappear(client, engine, committed):
    page = publish_page("Marmalade morning", committed)
    assert page_titles(client.get("/search/", {"q": "marmalade"})) == ["Marmalade morning"]
    assert client.get("/search/autocomplete/", {"q": "marm"}).json()["suggestions"] == [
        {"kind": "page", "label": "Marmalade morning", "url": "/marmalade-morning/"}]

    with committed():
        page.unpublish()

    assert page_titles(client.get("/search/", {"q": "marmalade"})) == []


def test_products_come_first_with_counts_per_type(client, engine, committed):
    with committed():
        make_product("Seville Orange Marmalade", "7.25")
    publish_page("Marmalade morning", committed)

    response = client.get("/search/", {"q": "marmalade"})
    body = response.content.decode()

    assert "1 product" in body and "1 article" in body
    assert body.index("Seville Orange Marmalade") < body.index("Marmalade morning")


def test_one_request_sends_one_batched_update(engine, committed, monkeypatch):
    from search import tasks

    sent = []
    monkeypatch.setattr(tasks.update_products, "delay", lambda ids: sent.append(ids))
    with committed():
        products = [make_product(f"Jar {i}", "3.00") for i in range(3)]

    expected = [sorted(p.pk for p in products)] if engine != "database" else []
    assert sent == expected  # the database engine reads live rows and needs no upkeep


# Engine-only behaviour: defined only where an OpenSearch node runs (always in CI).
REMOTE = [e for e in ENGINES if e != "database"]
if REMOTE:
    @pytest.mark.parametrize("engine", REMOTE, indirect=True)
    def test_rebuild_switches_the_alias_to_a_complete_new_index(client, engine, committed, capsys):
        from search.engines import get_engine

        with committed():
            make_product("Seville Orange Marmalade", "7.25")
        es = get_engine()
        before = set(es.client.indices.get_alias(name=es.alias("products")))

        call_command("rebuild_search_index", "--only", "products")

        after = set(es.client.indices.get_alias(name=es.alias("products")))
        assert after and after.isdisjoint(before)
        assert not any(es.client.indices.exists(index=name) for name in before)  # the old index is gone
        assert "1/1" in capsys.readouterr().out
        assert [p.title for p in client.get("/search/", {"q": "marmalade"}).context["products"]] == [
            "Seville Orange Marmalade"]


    @pytest.mark.parametrize("engine", REMOTE, indirect=True)
    def test_engine_down_mid_test_answers_from_the_database(client, engine, committed, settings, caplog):
        with committed():
            make_product("Seville Orange Marmalade", "7.25")
        assert client.get("/search/", {"q": "marmalade"}).context["products"][0].title == "Seville Orange Marmalade"

        settings.SEARCH_URL = "http://127.0.0.1:9"  # the engine stops answering
        with caplog.at_level(logging.WARNING, logger="search"):
            search = client.get("/search/", {"q": "marmalade"})
            browse = client.get("/shop/catalogue/", {"sort_by": "price-asc"})
            suggest = client.get("/search/autocomplete/", {"q": "mar"})
            with committed():
                make_product("Lemon Curd", "5.00")  # saving still works; the update is logged, not raised

        assert search.status_code == browse.status_code == suggest.status_code == 200
        assert [p.title for p in search.context["products"]] == ["Seville Orange Marmalade"]
        assert [p.title for p in browse.context["products"]] == ["Seville Orange Marmalade"]
        assert suggest.json()["suggestions"][0]["label"] == "Seville Orange Marmalade"
        assert "answering from the database" in caplog.text
        assert "rebuild_search_index repairs it" in caplog.text
        from search.health import state

        assert state()[0] == "degraded"
        assert not client.get("/healthz").json()["checks"]["search"]["ok"]


def test_healthz_reports_the_engine(client, engine):
    from search.health import state

    check = client.get("/healthz").json()["checks"]["search"]

    assert check["ok"] is True
    status, reason = state()  # what /healthz shows staff as the detail
    assert status == "ok" and reason.startswith(engine)


def test_search_queries_keep_the_signed_in_shopper(shopper_client, shopper, engine):
    shopper_client.get("/search/", {"q": "anything"})

    assert SearchQuery.objects.get().user == shopper


def test_the_header_search_box_is_wired_to_autocomplete(client, engine):
    from django.contrib.staticfiles import finders

    page = client.get("/shop/catalogue/").content.decode()

    assert 'role="combobox"' in page and 'aria-controls="site-search-list"' in page
    assert 'data-autocomplete-url="/search/autocomplete/"' in page
    assert 'src="/static/js/autocomplete.js"' in page
    script = Path(finders.find("js/autocomplete.js")).read_text()
    assert all(key in script for key in ("ArrowDown", "ArrowUp", "Escape", "aria-activedescendant"))


if REMOTE:
    @pytest.mark.parametrize("engine", REMOTE, indirect=True)
    def test_an_answer_given_while_the_index_lagged_is_asked_again_once_it_caught_up(client, engine, committed,
                                                                                   monkeypatch):
        from search import tasks

        with committed():
            make_product("Blood orange curd", "5.25")  # indexed at once
        lagging = []  # the worker hasn't got to the next product yet
        monkeypatch.setattr(tasks.update_products, "delay", lambda ids: lagging.append(ids))
        with committed():
            make_product("Lemon curd", "4.50")
        answer = client.get("/search/", {"q": "curd"}).content.decode()  # the index as it was: kept
        assert "Blood orange curd" in answer and "Lemon curd" not in answer

        tasks.update_products(*lagging)  # the worker catches up

        assert "Lemon curd" in client.get("/search/", {"q": "curd"}).content.decode()
