"""Customer accounts: email login, Argon2 hashes, profile, password reset, address book."""
import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from oscar.core.loading import get_model

UserAddress = get_model("address", "UserAddress")
User = get_user_model()

pytestmark = pytest.mark.django_db


def test_passwords_are_hashed_with_argon2_outside_tests():
    from config.settings import base

    assert base.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"


def test_argon2_hash_is_stored(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
    user = User.objects.create_user(email="hash@example.com", password="a-long-passphrase-1")
    assert user.password.startswith("argon2$")
    assert "a-long-passphrase-1" not in user.password


def test_email_is_the_login_and_unique_ignoring_case(client, shopper, password):
    response = client.post("/shop/accounts/login/", {
        "registration-email": shopper.email.upper(),
        "registration-password1": password, "registration-password2": password,
        "registration_submit": "Register",
    })
    assert response.status_code == 200
    assert "already" in response.content.decode().lower()
    assert User.objects.count() == 1

    response = client.post("/shop/accounts/login/", {
        "login-username": shopper.email, "login-password": password, "login_submit": "Log In",
    })
    assert response.status_code == 302
    assert client.get("/shop/accounts/profile/").status_code == 200


def test_wrong_password_is_refused_with_a_message(client, shopper):
    response = client.post("/shop/accounts/login/", {
        "login-username": shopper.email, "login-password": "nope", "login_submit": "Log In",
    })
    assert response.status_code == 200
    assert "correct email" in response.content.decode().lower()


def test_weak_password_is_refused_at_registration(client):
    response = client.post("/shop/accounts/login/", {
        "registration-email": "new@example.com",
        "registration-password1": "12345678", "registration-password2": "12345678",
        "registration_submit": "Register",
    })
    assert response.status_code == 200
    assert not User.objects.filter(email="new@example.com").exists()


def test_logout(shopper_client):
    shopper_client.get("/shop/accounts/logout/")
    response = shopper_client.get("/shop/accounts/profile/")
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_edit_account_details(shopper_client, shopper):
    response = shopper_client.post("/shop/accounts/profile/edit/", {
        "first_name": "Augusta", "last_name": "King", "email": shopper.email,
    })
    assert response.status_code == 302
    shopper.refresh_from_db()
    assert (shopper.first_name, shopper.last_name) == ("Augusta", "King")


def test_password_reset_by_email(client, shopper, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/shop/password-reset/", {"email": shopper.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"(/shop/password-reset/confirm/[^/\s]+/[^/\s]+/)", mail.outbox[0].body).group(1)
    response = client.get(link, follow=True)
    form_url = response.redirect_chain[-1][0] if response.redirect_chain else link
    new = "a-brand-new-passphrase-7"
    response = client.post(form_url, {"new_password1": new, "new_password2": new})
    assert response.status_code == 302
    shopper.refresh_from_db()
    assert shopper.check_password(new)


def test_address_book_with_default_shipping_and_billing(shopper_client, shopper, country):
    base = {"first_name": "Ada", "last_name": "L", "line4": "Town", "state": "NY", "postcode": "10001",
            "country": country.pk}
    shopper_client.post("/shop/accounts/addresses/add/", {**base, "line1": "1 Home St"})
    shopper_client.post("/shop/accounts/addresses/add/", {**base, "line1": "2 Office Rd"})
    home = UserAddress.objects.get(user=shopper, line1="1 Home St")
    office = UserAddress.objects.get(user=shopper, line1="2 Office Rd")
    shopper_client.post(f"/shop/accounts/addresses/{home.pk}/default_for_shipping/")
    shopper_client.post(f"/shop/accounts/addresses/{office.pk}/default_for_billing/")
    home.refresh_from_db()
    office.refresh_from_db()
    assert home.is_default_for_shipping and not home.is_default_for_billing
    assert office.is_default_for_billing and not office.is_default_for_shipping

    shopper_client.post(f"/shop/accounts/addresses/{office.pk}/default_for_shipping/")
    home.refresh_from_db()
    office.refresh_from_db()
    assert office.is_default_for_shipping and not home.is_default_for_shipping
    page = shopper_client.get("/shop/accounts/addresses/").content.decode()
    assert "1 Home St" in page and "2 Office Rd" in page
