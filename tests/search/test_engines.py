"""Site search and browsing behave the same on every engine: the database (SQLite or
PostgreSQL) and a real OpenSearch node."""
import html
import re

import pytest
from oscar.apps.catalogue.categories import create_from_breadcrumbs

from search.models import SearchQuery
from tests.factories import make_product
from tests.search_support import TYPO_TOLERANT

pytestmark = pytest.mark.django_db


@pytest.fixture
def shop(engine, committed):
    """A small indexed catalogue: two preserves, a pantry oil, and kitchen goods."""
    with committed():
        preserves = create_from_breadcrumbs("Pantry > Preserves")
        oils = create_from_breadcrumbs("Pantry > Oils")
        kitchen = create_from_breadcrumbs("Kitchen")
        products = {
            "marmalade": make_product("Seville Orange Marmalade", "7.25", category=preserves),
            "jam": make_product("Damson Jam", "6.50", stock=0, category=preserves),
            "oil": make_product("Arbequina Olive Oil", "18.00", category=oils),
            "board": make_product("Olive Wood Board", "42.00", category=kitchen),
            "jug": make_product("Stoneware Jug", "55.00", category=kitchen),
        }
    return {"products": products, "preserves": preserves, "oils": oils, "kitchen": kitchen,
            "pantry": preserves.get_parent()}


def titles(response):
    return [p.title for p in response.context["products"]]


def facet(response, group):
    groups = {g["name"]: g for g in response.context["facets"]}
    return {c["label"]: c["count"] for c in groups[group]["choices"]} if group in groups else {}


@pytest.mark.parametrize("engine", TYPO_TOLERANT, indirect=True)
def test_a_misspelled_product_name_still_finds_it(client, shop):
    response = client.get("/search/", {"q": "marmelade"})

    assert response.status_code == 200
    assert titles(response) == ["Seville Orange Marmalade"]


@pytest.mark.parametrize("engine", TYPO_TOLERANT, indirect=True)
def test_short_and_stemmed_misspellings_still_find_the_product(client, shop, committed):
    with committed():
        make_product("Sherry Vinegar", "8.00", category=shop["oils"])

    assert sorted(titles(client.get("/search/", {"q": "olve"}))) == ["Arbequina Olive Oil", "Olive Wood Board"]
    assert titles(client.get("/search/", {"q": "olve oil"})) == ["Arbequina Olive Oil"]
    assert titles(client.get("/search/", {"q": "vinager"})) == ["Sherry Vinegar"]
    assert titles(client.get("/search/", {"q": "sherry vinager"})) == ["Sherry Vinegar"]


@pytest.mark.parametrize("engine", TYPO_TOLERANT, indirect=True)
def test_a_misspelling_that_finds_nothing_offers_did_you_mean(client, shop):
    response = client.get("/search/", {"q": "olive oik"})  # three letters: too short for a typo to match

    assert titles(response) == []
    link = re.search(r'Did you mean <a href="([^"]+)">([^<]+)</a>', response.content.decode())
    assert link and link.group(2) == "olive oil"
    assert titles(client.get("/search/" + html.unescape(link.group(1)))) == ["Arbequina Olive Oil"]


def test_title_matches_rank_above_category_and_description_matches(client, shop, committed):
    with committed():
        make_product("Tin Opener", "4.00", category=shop["kitchen"], description="Opens olive tins.")

    response = client.get("/search/", {"q": "olive"})

    assert titles(response)[:2] == ["Arbequina Olive Oil", "Olive Wood Board"] or titles(response)[:2] == [
        "Olive Wood Board", "Arbequina Olive Oil"]
    assert titles(response)[-1] == "Tin Opener"


def test_words_are_stemmed_and_prefixes_match(client, shop):
    assert titles(client.get("/search/", {"q": "jams"})) == ["Damson Jam"]
    assert titles(client.get("/search/", {"q": "marma"})) == ["Seville Orange Marmalade"]


def test_facets_count_matches_and_filters_combine(client, shop):
    everything = client.get("/shop/catalogue/")
    assert facet(everything, "category") == {"Pantry": 3, "Preserves": 2, "Oils": 1, "Kitchen": 2}
    assert facet(everything, "price") == {"Under $10": 2, "$10 to $25": 1, "$25 to $50": 1, "$50 and over": 1}
    assert facet(everything, "in_stock") == {"In stock": 4}

    pantry_in_stock = client.get("/shop/catalogue/", {"category": shop["pantry"].pk, "in_stock": "1"})
    assert sorted(titles(pantry_in_stock)) == ["Arbequina Olive Oil", "Seville Orange Marmalade"]
    # Each facet counts with the other filters applied, not its own.
    assert facet(pantry_in_stock, "price") == {"Under $10": 1, "$10 to $25": 1}
    assert facet(pantry_in_stock, "in_stock") == {"In stock": 2}

    cheap_pantry = client.get("/shop/catalogue/", {"category": shop["pantry"].pk, "in_stock": "1",
                                                   "price": "0-10"})
    assert titles(cheap_pantry) == ["Seville Orange Marmalade"]
    two_bands = client.get("/shop/catalogue/", {"price": ["0-10", "50-"]})
    assert sorted(titles(two_bands)) == ["Damson Jam", "Seville Orange Marmalade", "Stoneware Jug"]


def test_sorting_by_price_both_ways_and_by_name(client, shop):
    cheapest_first = titles(client.get("/shop/catalogue/", {"sort_by": "price-asc"}))
    assert cheapest_first == ["Damson Jam", "Seville Orange Marmalade", "Arbequina Olive Oil",
                              "Olive Wood Board", "Stoneware Jug"]
    assert titles(client.get("/shop/catalogue/", {"sort_by": "price-desc"})) == cheapest_first[::-1]
    assert titles(client.get("/search/", {"q": "olive", "sort_by": "price-desc"})) == [
        "Olive Wood Board", "Arbequina Olive Oil"]
    assert titles(client.get("/shop/catalogue/", {"sort_by": "name"}))[0] == "Arbequina Olive Oil"


def test_a_category_page_lists_its_subtree_with_facets_and_pages(client, shop, settings):
    settings.OSCAR_PRODUCTS_PER_PAGE = 2
    response = client.get(shop["pantry"].get_absolute_url(), {"sort_by": "price-asc"})

    assert response.status_code == 200
    assert titles(response) == ["Damson Jam", "Seville Orange Marmalade"]
    assert response.context["paginator"].count == 3
    assert facet(response, "category") == {"Preserves": 2, "Oils": 1}
    second = client.get(shop["pantry"].get_absolute_url(), {"sort_by": "price-asc", "page": 2})
    assert titles(second) == ["Arbequina Olive Oil"]


def test_a_product_made_private_or_sold_out_leaves_results_after_commit(client, shop, committed):
    marmalade, oil = shop["products"]["marmalade"], shop["products"]["oil"]
    with committed():
        marmalade.is_public = False
        marmalade.save()
        record = oil.stockrecords.get()
        record.num_in_stock = 0
        record.save()

    assert titles(client.get("/search/", {"q": "marmalade"})) == []
    assert titles(client.get("/search/", {"q": "olive oil"})) == ["Arbequina Olive Oil"]
    assert titles(client.get("/search/", {"q": "olive oil", "in_stock": "1"})) == []


def test_a_deleted_product_leaves_results(client, shop, committed):
    with committed():
        shop["products"]["jug"].delete()

    assert titles(client.get("/search/", {"q": "stoneware"})) == []


def test_autocomplete_offers_the_product_for_a_three_letter_prefix(client, shop):
    response = client.get("/search/autocomplete/", {"q": "mar"})

    assert response.status_code == 200
    suggestions = response.json()["suggestions"]
    assert suggestions[0] == {"kind": "product", "label": "Seville Orange Marmalade",
                              "url": shop["products"]["marmalade"].get_absolute_url()}
    assert len(suggestions) <= 10


def test_autocomplete_also_offers_categories_and_says_nothing_for_one_letter(client, shop):
    labels = [(s["kind"], s["label"]) for s in client.get("/search/autocomplete/", {"q": "kitch"}).json()[
        "suggestions"]]
    assert ("category", "Kitchen") in labels
    assert client.get("/search/autocomplete/", {"q": "m"}).json()["suggestions"] == []


@pytest.mark.parametrize("query", ["", " ", "x" * 10_000, "!!! ??? ...", '"unterminated', "title:jam AND (",
                                   '{"query": {"match_all": {}}}', "*:*", "jam~2 OR ^5", "\x00\x01",
                                   "préserves 🍊 ジャム", "../../etc/passwd", "<script>alert(1)</script>"])
def test_hostile_queries_give_a_normal_page(client, shop, query):
    response = client.get("/search/", {"q": query})

    assert response.status_code == 200
    assert b"<script>alert(1)</script>" not in response.content
    assert client.get("/search/autocomplete/", {"q": query}).status_code == 200


def test_every_query_is_recorded_with_its_result_count(client, shop):
    client.get("/search/", {"q": "  Damson JAM "})
    client.get("/search/", {"q": "zzzqqq"})
    client.get("/search/autocomplete/", {"q": "dam"})

    rows = {(r.normalized, r.kind): r.results_count for r in SearchQuery.objects.all()}
    assert rows[("damson jam", "search")] == 1
    assert rows[("zzzqqq", "search")] == 0
    assert rows[("dam", "autocomplete")] >= 1


def test_zero_results_offer_top_categories(client, shop):
    response = client.get("/search/", {"q": "zzzqqq"})

    assert response.status_code == 200
    page = response.content.decode()
    assert "Nothing matches" in page
    assert [c.name for c in response.context["top_categories"]] == ["Pantry", "Kitchen"]  # in tree order
    for category in (shop["pantry"], shop["kitchen"]):
        assert f'<a href="{category.get_absolute_url()}">{category.name}</a>' in page


def test_bad_filters_and_pages_are_explained_not_errors(client, shop):
    odd = client.get("/shop/catalogue/", {"price": "free", "type": "x", "category": "-3", "sort_by": "random"})
    assert odd.status_code == 200
    assert "understood and were left out" in odd.content.decode()
    assert client.get("/shop/catalogue/", {"page": "99"}).status_code == 302
    assert client.get("/shop/catalogue/", {"page": "abc"}).status_code == 302
