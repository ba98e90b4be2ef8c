"""Customers follow their orders: account order page, guest page and the /shop/track/ look-up.

Given a shipped order, when its customer opens it, then they see the status timeline and
the carrier's tracking link. A guest finds an order at /shop/track/ with its number and
email; a wrong email gets exactly the answer an unknown order number gets; too many tries
from one address get 429 with a message.
"""
import re

import pytest
from bs4 import BeautifulSoup

from commerce.order.workflow import change_status
from tests.factories import place_order

pytestmark = pytest.mark.django_db


def words(response):
    return " ".join(BeautifulSoup(response.content, "html.parser").get_text().split())


def same_page(response, typed_number):
    html = response.content.decode().replace(typed_number, "N")
    html = re.sub(r'nonce="[^"]*"', "", html)
    return [line for line in html.splitlines() if "csrfmiddlewaretoken" not in line]


@pytest.fixture
def shipped(merchandiser):
    def ship(**kwargs):
        order = place_order(**kwargs)
        change_status(order, "Processing", by=merchandiser)
        order, _ = change_status(order, "Shipped", by=merchandiser, carrier="usps",
                                 tracking_number="9400 1000 0000 0000 0000 00")
        return order
    return ship


def test_the_customer_sees_the_timeline_and_tracking_link(client, shopper, merchandiser, shipped):
    order = shipped(user=shopper)
    client.force_login(shopper)

    response = client.get(f"/shop/accounts/orders/{order.number}/")

    assert response.status_code == 200
    page = BeautifulSoup(response.content, "html.parser")
    for when in page.select(".order-timeline time"):
        when.extract()
    steps = [" ".join(li.get_text().split()) for li in page.select(".order-timeline li")]
    assert steps == [
        "Order placed", "Processing", "Shipped — USPS 9400 1000 0000 0000 0000 00"]
    link = page.select_one("a.order-tracking__link")
    assert link["href"] == "https://tools.usps.com/go/TrackConfirmAction?tLabels=9400%201000%200000%200000%200000%2000"
    assert merchandiser.email not in response.content.decode()  # who did it is for staff only


def test_a_guest_finds_the_order_by_number_and_email(client, shipped):
    order = shipped(guest_email="Grace@Example.com")

    response = client.post("/shop/track/", {"order_number": order.number, "email": "grace@example.com"})

    assert response.status_code == 200
    text = words(response)
    assert f"Order {order.number}" in text and "Status: Shipped" in text
    assert "Track your parcel" in text and "Damson jam" in text


def test_a_wrong_email_gets_the_same_answer_as_an_unknown_order(client, shipped):
    order = shipped(guest_email="grace@example.com")

    wrong_email = client.post("/shop/track/", {"order_number": order.number, "email": "mallory@example.com"})
    unknown = client.post("/shop/track/", {"order_number": "999999", "email": "mallory@example.com"})

    assert wrong_email.status_code == unknown.status_code == 404
    page = BeautifulSoup(wrong_email.content, "html.parser")
    assert page.select_one("#lookup-error").get_text().strip() == (
        "We couldn't find an order with that number and email address. "
        "Check both against your order confirmation email.")
    # Word for word the same page, bar the number typed in and the per-response tokens.
    assert same_page(wrong_email, order.number) == same_page(unknown, "999999")
    assert "Shipped" not in words(wrong_email)


def test_bad_input_gets_a_400_with_the_reason(client):
    response = client.post("/shop/track/", {"order_number": "", "email": "not-an-email"})
    assert response.status_code == 400
    text = words(response)
    assert "Enter your order number." in text and "Enter a valid email address." in text


def test_too_many_lookups_get_429_with_a_message(client, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "order_lookup": (3, 600)}
    for _ in range(3):
        assert client.post("/shop/track/", {"order_number": "1", "email": "a@example.com"}).status_code == 404

    response = client.post("/shop/track/", {"order_number": "1", "email": "a@example.com"})

    assert response.status_code == 429
    assert ("We’ve received too many order look-ups from your connection (the limit is 3 in 10 minutes)"
            in words(response))


def test_the_guest_order_page_from_the_email_shows_the_timeline(client, shipped):
    order = shipped(guest_email="grace@example.com")
    url = f"/shop/accounts/order-status/{order.number}/{order.verification_hash()}/"
    form_page = client.get(url)
    assert form_page.status_code == 302  # Oscar asks for the email first
    client.post(form_page["Location"], {"email": "grace@example.com"})

    response = client.get(url)

    assert response.status_code == 200
    assert "Shipped — USPS" in words(response) and "Track your parcel" in words(response)
