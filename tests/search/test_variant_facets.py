"""Products sold in versions are found and filtered by their versions' colours, sizes and
materials, on every engine; the versions themselves are not separate results."""
import html
import re

import pytest
from oscar.apps.catalogue.categories import create_from_breadcrumbs
from oscar.core.loading import get_model

from tests.factories import make_product, make_variant_product


def titles(response):
    """The product titles a shopper sees, in order."""
    return re.findall(r'class="product-card__title"><a href="[^"]*">([^<]*)</a>', response.content.decode())


def facet(response, group):
    """{label: count} of one facet group as the page shows it."""
    found = re.findall(r'data-facet="' + group + r'">\s*<span class="facet__box"[^>]*>[^<]*</span>\s*'
                       r'<span class="facet__label">([^<]*)</span>\s*<span class="facet__count">(\d+)',
                       response.content.decode())
    return {html.unescape(label): int(n) for label, n in found}

pytestmark = pytest.mark.django_db

ProductAttribute = get_model("catalogue", "ProductAttribute")


@pytest.fixture
def shop(engine, committed):
    with committed():
        home = create_from_breadcrumbs("Home")
        throw, throws = make_variant_product("Lambswool Throw", "colour", [
            ("Rust", "110.00", 4), ("Oatmeal", "110.00", 3)], category=home)
        cushion, cushions = make_variant_product("Knit Cushion", "colour", [
            ("Rust", "45.00", 2), ("Slate", "49.00", 5)], category=home)
        towel, towels = make_variant_product("Waffle Towel", "size", [
            ("Hand", "18.00", 9), ("Bath", "34.00", 9)], category=home)
        material = ProductAttribute.objects.create(product_class=throw.product_class, code="material",
                                                   name="Material", type=ProductAttribute.TEXT)
        for child in throws:
            material.save_value(child, "Lambswool")
        jug = make_product("Stoneware Jug", "55.00", category=home)
    return {"throw": throw, "cushion": cushion, "towel": towel, "jug": jug, "home": home}


def test_colour_size_and_material_facets_appear_and_filter(client, shop):
    everything = client.get("/shop/catalogue/")
    assert sorted(titles(everything)) == ["Knit Cushion", "Lambswool Throw", "Stoneware Jug", "Waffle Towel"]
    assert facet(everything, "colour") == {"Oatmeal": 1, "Rust": 2, "Slate": 1}
    assert facet(everything, "size") == {"Bath": 1, "Hand": 1}
    assert facet(everything, "material") == {"Lambswool": 1}
    page = everything.content.decode()
    assert "Colour" in page and "Rust" in page

    rust = client.get("/shop/catalogue/", {"colour": "Rust"})
    assert sorted(titles(rust)) == ["Knit Cushion", "Lambswool Throw"]
    assert facet(rust, "colour") == {"Oatmeal": 1, "Rust": 2, "Slate": 1}  # its own filter left out
    assert facet(rust, "material") == {"Lambswool": 1}
    assert titles(client.get("/shop/catalogue/", {"colour": "Rust", "material": "Lambswool"})) == [
        "Lambswool Throw"]


def test_a_shop_without_attributes_shows_no_attribute_facets(client, engine, committed):
    with committed():
        make_product("Stoneware Jug", "55.00", category=create_from_breadcrumbs("Home"))
    page = client.get("/shop/catalogue/").content.decode()
    assert "Stoneware Jug" in page
    assert not any(f'data-facet="{name}"' in page for name in ("colour", "size", "material"))


def test_a_versions_new_colour_reaches_its_parents_facets(client, shop, committed):
    child = shop["towel"].children.first()
    colour = ProductAttribute.objects.get(code="colour")
    with committed():
        colour.save_value(child, "Sage")
    assert titles(client.get("/shop/catalogue/", {"colour": "Sage"})) == ["Waffle Towel"]


def test_a_search_for_a_versions_colour_or_material_finds_the_product_it_belongs_to(client, shop):
    assert titles(client.get("/search/", {"q": "oatmeal"})) == ["Lambswool Throw"]
    assert sorted(titles(client.get("/search/", {"q": "rust"}))) == ["Knit Cushion", "Lambswool Throw"]
    assert titles(client.get("/search/", {"q": "slate cushion"})) == ["Knit Cushion"]
    assert titles(client.get("/search/", {"q": "bath"})) == ["Waffle Towel"]
    assert titles(client.get("/search/", {"q": "oatmeal cushion"})) == []
