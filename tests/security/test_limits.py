"""Abuse limits: one address sending too many registrations, password resets, contact
messages, sign-ins or order look-ups gets 429 and a clear message, and nothing from the
refused request is stored or sent."""
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from freezegun import freeze_time
from oscar.test import factories

from content.models import ContactSubmission

pytestmark = pytest.mark.django_db
User = get_user_model()


def registration(n):
    email = f"new{n}@example.com"
    return {"email": email, "password1": "a-long-passphrase-77", "password2": "a-long-passphrase-77"}


def assert_slow_down(response, what):
    assert response.status_code == 429
    text = response.content.decode()
    assert "Please slow down" in text and what in text
    assert int(response["Retry-After"]) > 0


def test_registration_is_limited_per_address(client, settings):
    allowed, _ = settings.RATE_LIMITS["registration"]
    for n in range(allowed):
        assert client.post("/shop/accounts/register/", registration(n)).status_code == 302
        client.logout()
    refused = client.post("/shop/accounts/register/", registration(99))
    assert_slow_down(refused, "new accounts")
    assert not User.objects.filter(email="new99@example.com").exists()
    # Someone else, elsewhere, is not affected.
    other = client.post("/shop/accounts/register/", registration(98), REMOTE_ADDR="10.1.2.3")
    assert other.status_code == 302


def test_registration_from_the_sign_in_page_counts_too(client, settings):
    allowed, _ = settings.RATE_LIMITS["registration"]
    for n in range(allowed + 1):
        data = {f"registration-{k}": v for k, v in registration(n).items()}
        response = client.post("/shop/accounts/login/", {**data, "registration_submit": "Register"})
        client.logout()
    assert_slow_down(response, "new accounts")
    assert User.objects.count() == allowed


def test_password_reset_requests_are_limited_and_the_refused_one_sends_nothing(client, shopper, settings,
                                                                               django_capture_on_commit_callbacks):
    allowed, _ = settings.RATE_LIMITS["password_reset"]
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(allowed):
            assert client.post("/shop/password-reset/", {"email": shopper.email}).status_code == 302
        refused = client.post("/shop/password-reset/", {"email": shopper.email})
    assert_slow_down(refused, "password reset requests")
    assert len(mail.outbox) == allowed


def test_the_contact_form_is_limited_and_the_window_reopens(client, contact, settings):  # noqa: F811
    allowed, window = settings.RATE_LIMITS["contact"]
    message = {"name": "Ada", "email": "ada@example.com", "message": "Hello"}
    with freeze_time() as clock:
        for _ in range(allowed):
            assert client.post("/contact/", message).status_code == 200
        assert_slow_down(client.post("/contact/", message), "messages")
        assert ContactSubmission.objects.count() == allowed
        assert client.get("/contact/").status_code == 200  # reading the page is never limited
        clock.tick(timedelta(seconds=window + 1))
        assert client.post("/contact/", message).status_code == 200
    assert ContactSubmission.objects.count() == allowed + 1


def test_one_address_trying_many_accounts_is_slowed_down(client, settings):
    allowed, _ = settings.RATE_LIMITS["login"]
    for n in range(allowed):
        response = client.post("/shop/accounts/login/", {"login-username": f"user{n}@example.com",
                                                         "login-password": "guess-guess-1", "login_submit": "1"})
        assert response.status_code == 200
    refused = client.post("/cms/login/", {"username": "someone@example.com", "password": "guess-guess-1"})
    assert_slow_down(refused, "sign-in attempts")


def test_guest_order_links_are_limited(client, products, settings):
    allowed, _ = settings.RATE_LIMITS["order_lookup"]
    basket = factories.create_basket(empty=True)
    basket.add_product(products[0], 1)
    order = factories.create_order(basket=basket, guest_email="guest@example.com")
    url = f"/shop/accounts/order-status/{order.number}/{order.verification_hash()}/"
    for _ in range(allowed):
        assert client.get(url).status_code == 302  # on to Oscar's "confirm your email" step
    assert_slow_down(client.get(url), "order look-ups")


def test_the_order_tracking_page_is_limited(client, settings):
    allowed, _ = settings.RATE_LIMITS["order_lookup"]
    guess = {"order_number": "100999", "email": "guess@example.com"}
    for _ in range(allowed):
        assert client.post("/shop/track/", guess).status_code == 404
    assert_slow_down(client.post("/shop/track/", guess), "order look-ups")
    assert client.get("/shop/track/").status_code == 200  # the empty form is always there


def test_newsletter_sign_ups_are_limited(shopper_client, settings, django_capture_on_commit_callbacks):
    allowed, _ = settings.RATE_LIMITS["newsletter"]
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(allowed):
            assert shopper_client.post("/newsletter/", {"newsletter": "subscribe"}).status_code == 302
        refused = shopper_client.post("/newsletter/", {"newsletter": "subscribe"})
    assert_slow_down(refused, "newsletter sign-ups")
    assert len(mail.outbox) <= allowed
