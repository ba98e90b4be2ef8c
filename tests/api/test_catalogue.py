"""Anyone reads the catalogue as the storefront sells it, and holds a basket of their own."""
import pytest
from oscar.core.loading import get_model

from tests.factories import make_product, make_variant_product, place_order

Basket = get_model("basket", "Basket")

pytestmark = pytest.mark.django_db


def test_anyone_reads_products_with_prices_before_tax_and_availability(api, products):
    body = api.get("/api/products/").json()
    jam = next(p for p in body["results"] if p["title"] == "Damson jam")
    assert jam["price"] == {"currency": "USD", "excl_tax": "6.50"}  # US tax comes at checkout
    assert jam["availability"]["is_available_to_buy"] is True and jam["availability"]["num_available"] == 20


def test_a_product_family_lists_its_variants(api, category):
    parent, (small, large) = make_variant_product("Linen apron", "size", [("S", "24.00", 3), ("L", "28.00", 0)],
                                                  category=category)
    body = api.get(f"/api/products/{parent.pk}/").json()
    assert body["structure"] == "parent"
    assert [(v["id"], v["price"]["excl_tax"], v["availability"]["is_available_to_buy"]) for v in body["variants"]] \
        == [(small.pk, "24.00", True), (large.pk, "28.00", False)]


def test_a_hidden_product_is_not_found(api):
    hidden = make_product("Secret recipe", is_public=False)
    response = api.get(f"/api/products/{hidden.pk}/")
    assert response.status_code == 404 and response.json()["status"] == 404


def test_categories_are_listed_with_their_path(api, category):
    names = {c["name"]: c["path"] for c in api.get("/api/categories/").json()["results"]}
    assert names["Preserves"] == ["Pantry", "Preserves"]


def test_a_shopper_fills_their_own_basket(api, products):
    added = api.post("/api/basket/lines/", {"product": products[0].pk, "quantity": 2}, format="json")
    assert added.status_code == 201, added.content
    basket = added.json()
    assert basket["total_excl_tax"] == "13.00" and basket["lines"][0]["quantity"] == 2
    assert api.get(f"/api/baskets/{basket['id']}/").json()["id"] == basket["id"]

    too_many = api.post("/api/basket/lines/", {"product": products[2].pk, "quantity": 5}, format="json")
    assert too_many.status_code == 400 and "quantity" in too_many.json()["fields"]

    line = basket["lines"][0]["id"]
    assert api.patch(f"/api/basket/lines/{line}/", {"quantity": 1}, format="json").json()["total_excl_tax"] == "6.50"


def test_someone_elses_basket_and_its_lines_are_not_found(api, products, client):
    from oscar.apps.partner.strategy import Default

    theirs = Basket.objects.create()
    theirs.strategy = Default()
    theirs.add_product(products[0], 1)
    api.post("/api/basket/lines/", {"product": products[1].pk}, format="json")
    assert api.get(f"/api/baskets/{theirs.pk}/").status_code == 404
    their_line = theirs.lines.get().pk
    assert api.patch(f"/api/basket/lines/{their_line}/", {"quantity": 9}, format="json").status_code == 404
    assert api.delete(f"/api/basket/lines/{their_line}/").status_code == 404
    assert theirs.lines.get().quantity == 1


def test_a_session_write_without_its_csrf_token_is_refused(products):
    from rest_framework.test import APIClient

    browser = APIClient(enforce_csrf_checks=True)
    browser.get("/api/basket/")
    response = browser.post("/api/basket/lines/", {"product": products[0].pk}, format="json")
    assert response.status_code == 403 and "CSRF" in response.json()["error"]


def test_a_customer_sees_their_orders_and_not_anyone_elses(api, shopper, products):
    from tests.factories import make_user

    mine = place_order((products[0], 1), user=shopper)
    theirs = place_order((products[1], 1), user=make_user("bo@example.com", "another-pass-123"))
    api.force_login(shopper)
    assert [o["number"] for o in api.get("/api/orders/").json()["results"]] == [mine.number]
    assert api.get(f"/api/orders/{mine.number}/").status_code == 200
    assert api.get(f"/api/orders/{theirs.number}/").status_code == 404
