"""Signing in: lockout after repeated wrong passwords on all three login pages, a new
session key at login, and password reset links that work once and expire."""
import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.core import mail
from freezegun import freeze_time

from commerce.accounts.roles import make_editor, make_merchandiser

pytestmark = pytest.mark.django_db

WRONG = "not-my-password-9"


def storefront(email, password):
    return "/shop/accounts/login/", {"login-username": email, "login-password": password, "login_submit": "Log In"}


def dashboard(email, password):
    return "/shop/dashboard/login/", {"username": email, "password": password}


def wagtail_admin(email, password):
    return "/cms/login/", {"username": email, "password": password}


LOGIN_PAGES = {"storefront": storefront, "dashboard": dashboard, "wagtail admin": wagtail_admin}


@pytest.fixture
def staff_member(db, password):
    """Someone who may sign in on every page: a merchandiser and an editor."""
    user = get_user_model().objects.create_user(email="sam@example.com", password=password)
    return make_editor(make_merchandiser(user))


def attempt(client, login_page, email, password, ip="10.0.0.1"):
    url, data = login_page(email, password)
    return client.post(url, data, REMOTE_ADDR=ip)


def signed_in(client):
    return "_auth_user_id" in client.session


@pytest.mark.parametrize("page", LOGIN_PAGES)
def test_the_sixth_wrong_password_locks_the_account_for_that_address(client, staff_member, password, page):
    login_page = LOGIN_PAGES[page]
    for _ in range(settings.LOGIN_FAILURES_ALLOWED):
        response = attempt(client, login_page, staff_member.email, WRONG)
        assert response.status_code == 200  # the form again, with its "wrong password" message
    assert settings.LOGIN_FAILURES_ALLOWED == 5

    sixth = attempt(client, login_page, staff_member.email, WRONG)
    assert sixth.status_code == 429
    page_text = sixth.content.decode()
    assert "Too many sign-in attempts" in page_text and "15 minutes" in page_text
    assert sixth["Retry-After"] == "900"

    # Locked: even the right password is refused, and nobody is signed in.
    assert attempt(client, login_page, staff_member.email, password).status_code == 429
    assert not signed_in(client)


@pytest.mark.parametrize("page", LOGIN_PAGES)
def test_the_lock_lifts_after_the_cool_off(client, staff_member, password, page):
    login_page = LOGIN_PAGES[page]
    with freeze_time() as clock:
        for _ in range(6):
            attempt(client, login_page, staff_member.email, WRONG)
        assert attempt(client, login_page, staff_member.email, password).status_code == 429
        clock.tick(timedelta(minutes=16))
        response = attempt(client, login_page, staff_member.email, password)
    assert response.status_code == 302 and signed_in(client)


def test_the_lock_is_per_account_and_address(client, staff_member, shopper, password):
    for _ in range(6):
        attempt(client, storefront, staff_member.email, WRONG)
    # The same account from another address, and another account from the same address, still sign in.
    assert attempt(client, storefront, staff_member.email, password, ip="10.9.9.9").status_code == 302
    client.logout()
    assert attempt(client, storefront, shopper.email, password).status_code == 302


def test_changing_the_case_of_the_email_does_not_reset_the_count(client, staff_member, password):
    for n in range(6):
        email = staff_member.email.upper() if n % 2 else staff_member.email
        last = attempt(client, storefront, email, WRONG)
    assert last.status_code == 429


def test_a_right_password_clears_earlier_mistakes(client, staff_member, password):
    for _ in range(4):
        attempt(client, storefront, staff_member.email, WRONG)
    assert attempt(client, storefront, staff_member.email, password).status_code == 302
    client.logout()
    for _ in range(5):
        assert attempt(client, storefront, staff_member.email, WRONG).status_code == 200


def test_signing_in_issues_a_new_session_key(client, shopper, password):
    session = client.session
    session["recently_viewed"] = "planted by an attacker"  # the visitor's pre-login session
    session.save()
    before = client.cookies[settings.SESSION_COOKIE_NAME].value

    assert attempt(client, storefront, shopper.email, password).status_code == 302
    after = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert after != before
    assert not Session.objects.filter(session_key=before).exists()  # the fixated key is dead
    assert signed_in(client)


def _reset_link(client, email, capture):
    with capture(execute=True):
        assert client.post("/shop/password-reset/", {"email": email}).status_code == 302
    return re.search(r"(/shop/password-reset/confirm/[^/\s]+/[^/\s]+/)", mail.outbox[-1].body).group(1)


def _use(client, link, new_password):
    response = client.get(link, follow=True)
    form_url = response.redirect_chain[-1][0] if response.redirect_chain else link
    return client.post(form_url, {"new_password1": new_password, "new_password2": new_password})


def test_a_password_reset_link_works_only_once(client, shopper, django_capture_on_commit_callbacks):
    link = _reset_link(client, shopper.email, django_capture_on_commit_callbacks)
    assert _use(client, link, "first-new-passphrase-1").status_code == 302

    client.cookies.clear()
    again = client.get(link, follow=True)
    assert "invalid" in again.content.decode().lower()
    _use(client, link, "second-new-passphrase-2")
    shopper.refresh_from_db()
    assert shopper.check_password("first-new-passphrase-1")


def test_a_password_reset_link_expires(client, shopper, password, django_capture_on_commit_callbacks):
    with freeze_time() as clock:
        link = _reset_link(client, shopper.email, django_capture_on_commit_callbacks)
        clock.tick(timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT + 60))
        response = client.get(link, follow=True)
        assert "invalid" in response.content.decode().lower()
        _use(client, link, "too-late-passphrase-3")
    shopper.refresh_from_db()
    assert shopper.check_password(password)
