"""A customer's data rights from the account pages: download everything we hold as JSON,
and delete the account, after which orders remain for the accounts without the person."""
import json
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from oscar.core.loading import get_model
from oscar.test import factories

from notifications.models import OutgoingEmail

pytestmark = pytest.mark.django_db
Order = get_model("order", "Order")
UserAddress = get_model("address", "UserAddress")
User = get_user_model()


def place_order(user, product, country, street="12 Quince Lane"):
    basket = factories.create_basket(empty=True)
    basket.add_product(product, 2)
    address = factories.ShippingAddressFactory(first_name="Ada", last_name="Lovelace", line1=street,
                                               postcode="10001", country=country, phone_number="+12125550123")
    billing = factories.BillingAddressFactory(first_name="Ada", last_name="Lovelace", line1=street, country=country)
    return factories.create_order(user=user, basket=basket, shipping_address=address, billing_address=billing)


@pytest.fixture
def address_book(shopper, country):
    return UserAddress.objects.create(user=shopper, first_name="Ada", last_name="Lovelace", line1="12 Quince Lane",
                                      line4="Hudson", state="NY", postcode="10001", country=country,
                                      is_default_for_shipping=True)


def test_the_profile_page_offers_both_rights(shopper_client):
    page = shopper_client.get("/shop/accounts/profile/").content.decode()
    assert 'href="/shop/accounts/my-data/"' in page and "Download my data" in page
    assert 'href="/shop/accounts/profile/delete/"' in page and "Delete my account" in page


def test_download_my_data_holds_account_addresses_and_orders(shopper_client, shopper, address_book, products,
                                                             country):
    order = place_order(shopper, products[0], country)
    stranger = User.objects.create_user(email="mallory@example.com", password="x-long-password-1")
    place_order(stranger, products[1], country, street="1 Secret St")

    response = shopper_client.get("/shop/accounts/my-data/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith("attachment;")
    data = json.loads(response.content)
    assert data["account"]["email"] == "ada@example.com"
    assert [a["line1"] for a in data["addresses"]] == ["12 Quince Lane"]
    assert data["addresses"][0]["default_for_shipping"] is True
    [mine] = data["orders"]
    assert mine["number"] == str(order.number)
    assert Decimal(mine["total_incl_tax"]) == order.total_incl_tax
    assert mine["lines"][0]["product"] == "Damson jam" and mine["lines"][0]["quantity"] == 2
    assert mine["shipping_address"]["line1"] == "12 Quince Lane"
    assert "1 Secret St" not in response.content.decode() and "mallory" not in response.content.decode()


def test_the_download_costs_the_same_queries_for_one_order_or_many(shopper_client, shopper, products, country):
    place_order(shopper, products[0], country)
    with CaptureQueriesContext(connection) as one:
        shopper_client.get("/shop/accounts/my-data/")
    for _ in range(4):
        place_order(shopper, products[1], country)
    with CaptureQueriesContext(connection) as five:
        response = shopper_client.get("/shop/accounts/my-data/")
    assert len(json.loads(response.content)["orders"]) == 5
    assert len(five) == len(one)


def test_only_a_signed_in_customer_can_download(client):
    response = client.get("/shop/accounts/my-data/")
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_a_wrong_password_deletes_nothing(shopper_client, shopper):
    response = shopper_client.post("/shop/accounts/profile/delete/", {"password": "not-it-at-all"})
    assert response.status_code == 200
    assert User.objects.filter(pk=shopper.pk).exists()


def test_deleting_the_account_keeps_orders_without_the_person(shopper_client, shopper, password, address_book,
                                                             products, country):
    order = place_order(shopper, products[0], country)
    total = order.total_incl_tax
    OutgoingEmail.objects.create(to=shopper.email, subject="Your order", body_text="12 Quince Lane")

    response = shopper_client.post("/shop/accounts/profile/delete/", {"password": password})
    assert response.status_code == 302 and response["Location"] == "/"
    assert "Your account and personal details have been deleted" in shopper_client.get("/shop/basket/").content.decode()

    assert not User.objects.filter(email="ada@example.com").exists()
    assert not UserAddress.objects.exists()
    assert not OutgoingEmail.objects.filter(to="ada@example.com").exists()
    order.refresh_from_db()
    assert order.user is None and order.email == ""
    assert order.total_incl_tax == total and order.lines.get().quantity == 2
    for address in (order.shipping_address, order.billing_address):
        address.refresh_from_db()
        assert "Quince" not in address.line1 and address.first_name == "" and address.postcode == ""
        assert address.country == country  # kept: tax follows the destination
    assert str(order.shipping_address.phone_number or "") == ""
    # Signed out, and the old password opens nothing.
    assert "_auth_user_id" not in shopper_client.session
    assert not shopper_client.login(email="ada@example.com", password=password)


def test_setting_a_default_address_needs_a_post(shopper_client, address_book):
    url = f"/shop/accounts/addresses/{address_book.pk}/default_for_billing/"
    assert shopper_client.get(url).status_code == 405
    address_book.refresh_from_db()
    assert not address_book.is_default_for_billing
    page = shopper_client.get("/shop/accounts/addresses/").content.decode()
    assert f'<form method="post" action="{url}"' in page and "csrfmiddlewaretoken" in page
    assert shopper_client.post(url).status_code == 302
    address_book.refresh_from_db()
    assert address_book.is_default_for_billing
