"""Integrations write only with the right scope; order statuses move through the workflow,
refunds through the payment ledger; too many requests are told when to come back."""
import pytest
from django.core.cache import cache
from oscar.core.loading import get_model

from tests.api.conftest import bearer
from tests.factories import place_order

StockRecord = get_model("partner", "StockRecord")

pytestmark = pytest.mark.django_db


def test_stock_is_written_only_with_the_stock_write_scope(api, products, key_with):
    record = products[0].stockrecords.get()
    url = f"/api/staff/stock/{record.pk}/"

    assert api.patch(url, {"num_in_stock": 5}, format="json").status_code in (401, 403)
    no_key = api.patch(url, {"num_in_stock": 5}, format="json", HTTP_AUTHORIZATION="Bearer ll_wrong_key")
    assert no_key.status_code == 401
    read_only = api.patch(url, {"num_in_stock": 5}, format="json", **bearer(key_with("stock:read")))
    assert read_only.status_code == 403 and read_only.json()["error"] == "This request needs the “stock:write” scope."
    record.refresh_from_db()
    assert record.num_in_stock == 20

    writer = bearer(key_with("stock:read", "stock:write"))
    changed = api.patch(url, {"num_in_stock": 5, "price": "7.00"}, format="json", **writer)
    assert changed.status_code == 200 and changed.json()["num_in_stock"] == 5
    record.refresh_from_db()
    assert (record.num_in_stock, str(record.price)) == (5, "7.00")
    assert api.get(f"/api/products/{products[0].pk}/").json()["price"]["excl_tax"] == "7.00"


def test_stock_cannot_drop_below_what_orders_hold(api, products, key_with):
    place_order((products[0], 3))
    record = products[0].stockrecords.get()
    response = api.patch(f"/api/staff/stock/{record.pk}/", {"num_in_stock": 2}, format="json",
                         **bearer(key_with("stock:write")))
    assert response.status_code == 400
    assert "3 units are held" in response.json()["fields"]["num_in_stock"][0]


def test_orders_need_the_orders_read_scope(api, products, key_with):
    order = place_order((products[0], 1))
    assert api.get("/api/staff/orders/").status_code == 401
    assert api.get("/api/staff/orders/", **bearer(key_with("stock:read"))).status_code == 403
    body = api.get(f"/api/staff/orders/{order.number}/", **bearer(key_with("orders:read"))).json()
    assert body["status"] == "Pending" and body["next_statuses"] == ["Processing", "Cancelled"]


def test_status_changes_go_through_the_workflow(api, products, key_with, merchandiser):
    order = place_order((products[0], 2))
    writer = bearer(key_with("orders:write"))
    url = f"/api/staff/orders/{order.number}/status/"

    assert api.post(url, {"status": "Processing"}, format="json", **bearer(key_with("orders:read"))).status_code == 403
    refused = api.post(url, {"status": "Delivered"}, format="json", **writer)
    assert refused.status_code == 400
    assert refused.json()["error"] == (f"Order {order.number} can't go from Pending to Delivered; "
                                       "from Pending it can only become Processing or Cancelled.")

    assert api.post(url, {"status": "Processing"}, format="json", **writer).json()["status"] == "Processing"
    no_parcel = api.post(url, {"status": "Shipped"}, format="json", **writer)
    assert no_parcel.status_code == 400 and "carrier" in no_parcel.json()["error"]
    shipped = api.post(url, {"status": "Shipped", "carrier": "ups", "tracking_number": "1Z999AA10123456784"},
                       format="json", **writer)
    assert shipped.json()["status"] == "Shipped" and shipped.json()["tracking_number"] == "1Z999AA10123456784"
    order.refresh_from_db()
    change = order.status_changes.order_by("-pk").first()
    assert (change.new_status, change.changed_by) == ("Shipped", merchandiser)  # the key's maker is on record
    assert products[0].stockrecords.get().num_in_stock == 18  # the workflow took the shipped units off the shelf


def test_an_unknown_order_is_404_json(api, key_with):
    response = api.get("/api/staff/orders/nope/", **bearer(key_with("orders:read")))
    assert response.status_code == 404 and response.json()["status"] == 404


def test_too_many_requests_are_told_when_to_come_back(api, products, settings, key_with):
    settings.API_THROTTLE_RATES = {**settings.API_THROTTLE_RATES, "anonymous": "3/minute", "key": "2/minute"}
    cache.clear()
    answers = [api.get("/api/products/") for _ in range(4)]
    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert int(answers[-1]["Retry-After"]) > 0 and "throttled" in answers[-1].json()["error"].lower()

    key = bearer(key_with("orders:read"))  # a key counts on its own, not against the address
    assert [api.get("/api/staff/orders/", **key).status_code for _ in range(3)] == [200, 200, 429]


def test_a_staff_session_uses_its_permissions_and_needs_csrf(products, merchandiser):
    from rest_framework.test import APIClient

    staff = APIClient(enforce_csrf_checks=True)
    staff.force_login(merchandiser)
    assert staff.get("/api/staff/products/").status_code == 200  # catalogue.view_product
    record = products[0].stockrecords.get()
    assert staff.patch(f"/api/staff/stock/{record.pk}/", {"num_in_stock": 1}, format="json").status_code == 403
    record.refresh_from_db()
    assert record.num_in_stock == 20
