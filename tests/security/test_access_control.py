"""A shopper sees only their own orders and addresses; other people's look like 404s."""
import pytest
from django.contrib.auth import get_user_model
from oscar.core.loading import get_model
from oscar.test import factories

UserAddress = get_model("address", "UserAddress")
Order = get_model("order", "Order")

pytestmark = pytest.mark.django_db


@pytest.fixture
def stranger(password):
    return get_user_model().objects.create_user(email="mallory@example.com", password=password)


@pytest.fixture
def strangers_order(stranger, products):
    basket = factories.create_basket(empty=True)
    basket.add_product(products[0], 1)
    return factories.create_order(user=stranger, basket=basket)


@pytest.fixture
def strangers_address(stranger, country):
    return UserAddress.objects.create(
        user=stranger, first_name="Mal", last_name="Lory", line1="1 Secret St", line4="Hidden",
        state="NY", postcode="10001", country=country,
    )


def test_another_shoppers_order_is_not_visible(shopper_client, strangers_order):
    number = str(strangers_order.number)
    assert shopper_client.get(f"/shop/accounts/orders/{number}/").status_code == 404
    history = shopper_client.get("/shop/accounts/orders/").content.decode()
    assert number not in history
    line = strangers_order.lines.get()
    assert shopper_client.get(f"/shop/accounts/orders/{number}/{line.pk}/").status_code == 404


def test_another_shoppers_order_cannot_be_reordered(shopper_client, strangers_order):
    line = strangers_order.lines.get()
    response = shopper_client.post(f"/shop/accounts/orders/{strangers_order.number}/",
                                   {"order_id": strangers_order.pk, "action": "reorder"})
    assert response.status_code == 404
    response = shopper_client.post(f"/shop/accounts/orders/{strangers_order.number}/{line.pk}/",
                                   {"action": "reorder"})
    assert response.status_code == 404


def test_another_shoppers_address_is_not_visible_or_editable(shopper_client, strangers_address):
    pk = strangers_address.pk
    assert "1 Secret St" not in shopper_client.get("/shop/accounts/addresses/").content.decode()
    assert shopper_client.get(f"/shop/accounts/addresses/{pk}/").status_code == 404
    response = shopper_client.post(f"/shop/accounts/addresses/{pk}/", {
        "first_name": "Hacked", "last_name": "X", "line1": "x", "line4": "y", "postcode": "1", "state": "NY",
    })
    assert response.status_code == 404
    assert shopper_client.post(f"/shop/accounts/addresses/{pk}/delete/").status_code == 404
    assert shopper_client.post(f"/shop/accounts/addresses/{pk}/default_for_shipping/").status_code == 404
    strangers_address.refresh_from_db()
    assert strangers_address.first_name == "Mal"


@pytest.mark.parametrize("address_id", ["theirs", "abc", "-1", "999999"])
def test_another_shoppers_address_cannot_be_used_at_checkout(shopper_client, strangers_address, products, address_id):
    shopper_client.post(f"/shop/basket/add/{products[0].pk}/", {"quantity": 1})
    address_id = strangers_address.pk if address_id == "theirs" else address_id
    response = shopper_client.post("/shop/checkout/shipping-address/", {"action": "ship_to", "address_id": address_id})
    assert response.status_code == 404


def test_anonymous_visitors_are_sent_to_login(client, strangers_order):
    response = client.get(f"/shop/accounts/orders/{strangers_order.number}/")
    assert response.status_code == 302 and "/login/" in response["Location"]
