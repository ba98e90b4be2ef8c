"""Staff two-factor sign-in (staff_2fa/): after the password, a code from the authenticator
app or a single-use recovery code before the dashboard, the CMS or the Django admin opens;
wrong codes lock out like wrong passwords; production makes staff add an app first."""
import re
from datetime import timedelta
from urllib.parse import quote

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from freezegun import freeze_time

from commerce.accounts.roles import make_editor, make_merchandiser
from security.account_erasure import erase_customer
from tests.factories import make_user
from tests.operations.production import manage, production_env
from tests.two_factor import add_authenticator, code_form, code_now

pytestmark = pytest.mark.django_db

VERIFY = "/staff/two-factor/verify/"
ENROL = "/staff/two-factor/add-app/"
MANAGE = "/staff/two-factor/"
WRONG_CODE = "000000"


def wrong_code_for(device):
    """A six-digit code that is certainly not the one the app shows now."""
    return "111111" if code_now(device) == WRONG_CODE else WRONG_CODE


def sign_in(client, login_page, user, password):
    response = client.post(login_page, {"username": user.email, "password": password})
    assert response.status_code == 302, response.content.decode()[:500]
    return response


def verify(client, data):
    return client.post(VERIFY, data)


@pytest.fixture
def superuser(db, password):
    return get_user_model().objects.create_superuser(email="root@example.com", password=password)


# Where the second factor is asked for --------------------------------------------------------

AREAS = {
    "dashboard": ("/shop/dashboard/login/", "/shop/dashboard/", "merchandiser"),
    "cms": ("/cms/login/", "/cms/", "editor"),
    "django admin": ("/django-admin/login/", "/django-admin/", "superuser"),
}


@pytest.mark.parametrize("area", AREAS)
def test_the_password_alone_leads_to_the_code_page_and_the_right_code_opens_the_area(request, client, password,
                                                                                     area):
    login_page, front, who = AREAS[area]
    user = request.getfixturevalue(who)
    device, _ = add_authenticator(user)
    sign_in(client, login_page, user, password)

    deeper = f"{front}?tab=1"
    response = client.get(deeper)
    assert response.status_code == 302
    assert response["Location"] == f"{VERIFY}?next={quote(deeper, safe='')}"

    page = client.get(response["Location"])
    assert page.status_code == 200 and "Enter your sign-in code" in page.content.decode()
    assert 'name="csrfmiddlewaretoken"' in page.content.decode()

    passed = verify(client, code_form(user, code_now(device), next=deeper))
    assert passed.status_code == 302 and passed["Location"] == deeper
    assert client.get(front).status_code == 200


def test_a_wrong_code_is_refused_with_a_message_and_the_area_stays_closed(client, merchandiser, password):
    device, _ = add_authenticator(merchandiser)
    sign_in(client, "/shop/dashboard/login/", merchandiser, password)

    refused = verify(client, code_form(merchandiser, wrong_code_for(device)))
    assert refused.status_code == 200
    assert "That code is not right" in refused.content.decode()
    assert client.get("/shop/dashboard/").status_code == 302


def test_a_code_typed_with_spaces_is_accepted(client, merchandiser, password):
    device, _ = add_authenticator(merchandiser)
    sign_in(client, "/shop/dashboard/login/", merchandiser, password)
    code = code_now(device)
    assert verify(client, code_form(merchandiser, f" {code[:3]} {code[3:]} ")).status_code == 302
    assert client.get("/shop/dashboard/").status_code == 200


def test_the_same_app_code_cannot_be_used_twice(client, merchandiser, password):
    device, _ = add_authenticator(merchandiser)
    code = code_now(device)
    sign_in(client, "/shop/dashboard/login/", merchandiser, password)
    assert verify(client, code_form(merchandiser, code)).status_code == 302

    # Someone who saw the code (and has the password) tries it in another browser within its 30 seconds.
    other = Client()
    sign_in(other, "/shop/dashboard/login/", merchandiser, password)
    replay = verify(other, code_form(merchandiser, code))
    assert replay.status_code == 200 and "That code is not right" in replay.content.decode()
    assert other.get("/shop/dashboard/").status_code == 302


def test_staff_without_an_app_are_not_asked_while_it_is_not_required(client, merchandiser, password):
    assert settings.STAFF_TWO_FACTOR_REQUIRED is False  # dev and test settings
    sign_in(client, "/shop/dashboard/login/", merchandiser, password)
    assert client.get("/shop/dashboard/").status_code == 200


def test_the_login_and_logout_pages_stay_open_before_the_second_step(client, merchandiser, password):
    add_authenticator(merchandiser)
    sign_in(client, "/shop/dashboard/login/", merchandiser, password)
    assert client.get("/cms/login/").status_code in (200, 302)
    assert client.post("/shop/dashboard/logout/").status_code == 302
    assert "_auth_user_id" not in client.session


def test_the_code_forms_need_a_csrf_token(merchandiser, password):
    device, _ = add_authenticator(merchandiser)
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(merchandiser)
    assert browser.post(VERIFY, code_form(merchandiser, code_now(device))).status_code == 403
    assert browser.get("/shop/dashboard/").status_code == 302  # still not through


def test_a_next_page_elsewhere_is_not_followed(client, merchandiser, password):
    device, _ = add_authenticator(merchandiser)
    sign_in(client, "/shop/dashboard/login/", merchandiser, password)
    passed = verify(client, code_form(merchandiser, code_now(device), next="https://evil.example/phish"))
    assert passed.status_code == 302 and passed["Location"] == "/shop/dashboard/"


# Lockout --------------------------------------------------------------------------------------

def test_repeated_wrong_codes_lock_the_second_step_like_wrong_passwords(client, merchandiser, password):
    device, _ = add_authenticator(merchandiser)
    with freeze_time() as clock:
        sign_in(client, "/shop/dashboard/login/", merchandiser, password)
        for _ in range(settings.LOGIN_FAILURES_ALLOWED):
            clock.tick(timedelta(minutes=1))  # past django-otp's own short back-off after each wrong code
            response = verify(client, code_form(merchandiser, wrong_code_for(device)))
            assert response.status_code == 200 and "That code is not right" in response.content.decode()

        clock.tick(timedelta(minutes=1))
        sixth = verify(client, code_form(merchandiser, wrong_code_for(device)))
        assert sixth.status_code == 429
        assert "Too many sign-in attempts" in sixth.content.decode() and "15 minutes" in sixth.content.decode()
        assert sixth["Retry-After"] == "900"

        # Locked: even the right code is refused, and the page itself answers 429.
        assert verify(client, code_form(merchandiser, code_now(device))).status_code == 429
        assert client.get(VERIFY).status_code == 429
        assert client.get("/shop/dashboard/").status_code == 302

        # Signing in again with the right password doesn't clear the count of wrong codes.
        client.logout()
        sign_in(client, "/shop/dashboard/login/", merchandiser, password)
        assert verify(client, code_form(merchandiser, code_now(device))).status_code == 429

        clock.tick(timedelta(minutes=16))  # the cool-off
        assert verify(client, code_form(merchandiser, code_now(device))).status_code == 302
    assert client.get("/shop/dashboard/").status_code == 200


def test_codes_typed_quickly_after_a_wrong_one_are_held_back(client, merchandiser, password):
    device, _ = add_authenticator(merchandiser)
    with freeze_time():
        sign_in(client, "/shop/dashboard/login/", merchandiser, password)
        verify(client, code_form(merchandiser, wrong_code_for(device)))
        held = verify(client, code_form(merchandiser, code_now(device)))  # the same second: django-otp's back-off
    assert held.status_code == 200 and "paused for a moment" in held.content.decode()


# Recovery codes ---------------------------------------------------------------------------------

def test_a_recovery_code_lets_in_once_only(client, merchandiser, password):
    _, codes = add_authenticator(merchandiser)
    assert len(codes) == 10 and len(set(codes)) == 10
    sign_in(client, "/shop/dashboard/login/", merchandiser, password)
    used = verify(client, code_form(merchandiser, codes[0].upper(), recovery=True))
    assert used.status_code == 302
    follow = client.get(used["Location"])
    assert follow.status_code == 200 and "Recovery code used: 9 left" in follow.content.decode()

    with freeze_time(timedelta(minutes=1), tick=True):  # (past the back-off of the refusal below)
        other = Client()
        sign_in(other, "/shop/dashboard/login/", merchandiser, password)
        again = verify(other, code_form(merchandiser, codes[0], recovery=True))
        assert again.status_code == 200 and "That code is not right" in again.content.decode()
    with freeze_time(timedelta(minutes=2), tick=True):
        assert verify(other, code_form(merchandiser, codes[1], recovery=True)).status_code == 302


def test_new_recovery_codes_replace_the_old_ones_after_a_code(client, merchandiser, password):
    device, old = add_authenticator(merchandiser)
    client.force_login(merchandiser)
    assert verify(client, code_form(merchandiser, old[0], recovery=True)).status_code == 302

    page = client.get(MANAGE)
    assert page.status_code == 200 and "Recovery codes left" in page.content.decode()
    with freeze_time(timedelta(minutes=1), tick=True):
        refused = client.post(MANAGE, code_form(merchandiser, wrong_code_for(device), prefix="codes", action="codes"))
        assert refused.status_code == 200 and "That code is not right" in refused.content.decode()
    with freeze_time(timedelta(minutes=2), tick=True):
        made = client.post(MANAGE, code_form(merchandiser, code_now(device), prefix="codes", action="codes"))
    assert made.status_code == 200 and "this is the only time they are shown" in made.content.decode()
    new = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", made.content.decode())
    assert len(new) == 10 and not set(new) & set(old)
    assert set(StaticToken.objects.filter(device__user=merchandiser).values_list("token", flat=True)) == set(new)
    assert made["Cache-Control"].startswith("max-age=0") and "no-store" in made["Cache-Control"]


def test_removing_the_app_needs_a_code_and_then_the_area_opens_without_one(client, merchandiser, password):
    device, codes = add_authenticator(merchandiser)
    client.force_login(merchandiser)
    assert client.get(MANAGE).status_code == 302  # not yet through the second step: to the code page
    assert verify(client, code_form(merchandiser, codes[0], recovery=True)).status_code == 302

    removed = client.post(MANAGE, code_form(merchandiser, codes[1], recovery=True, prefix="remove", action="remove"))
    assert removed.status_code == 302
    assert not TOTPDevice.objects.filter(user=merchandiser).exists()
    assert not StaticToken.objects.filter(device__user=merchandiser).exists()
    assert client.get("/shop/dashboard/").status_code == 200  # (not required here)


# Required (production) ------------------------------------------------------------------------

def test_with_two_factor_required_staff_without_an_app_are_sent_to_add_one_and_can(client, settings, merchandiser,
                                                                                   password):
    settings.STAFF_TWO_FACTOR_REQUIRED = True
    sign_in(client, "/shop/dashboard/login/", merchandiser, password)

    sent = client.get("/shop/dashboard/orders/")
    assert sent.status_code == 302
    assert sent["Location"] == f"{ENROL}?next={quote('/shop/dashboard/orders/', safe='')}"
    page = client.get(sent["Location"])
    text = page.content.decode()
    assert page.status_code == 200 and "Set up two-factor sign-in" in text
    assert "<svg" in text and 'aria-label="QR code for your authenticator app"' in text
    assert "<script" not in text.split("<svg", 1)[1].split("</svg>", 1)[0]
    device = TOTPDevice.objects.get(user=merchandiser, confirmed=False)
    assert re.sub(r"\s", "", re.search(r'class="two-factor-secret">([A-Z2-7 ]+)<', text).group(1)) == (
        __import__("base64").b32encode(device.bin_key).decode())
    assert client.get("/shop/dashboard/").status_code == 302  # still closed

    wrong = client.post(ENROL, {"code": wrong_code_for(device), "next": "/shop/dashboard/orders/"})
    assert wrong.status_code == 200 and "That code is not right" in wrong.content.decode()
    with freeze_time(timedelta(minutes=1), tick=True):
        done = client.post(ENROL, {"code": code_now(device), "next": "/shop/dashboard/orders/"})
    text = done.content.decode()
    assert done.status_code == 200 and "Your recovery codes" in text
    assert len(re.findall(r"<li><code>[a-z2-7]{8}</code></li>", text)) == 10
    assert 'href="/shop/dashboard/orders/"' in text
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/shop/dashboard/").status_code == 200  # this session passed with that first code
    assert client.get(ENROL).status_code == 302  # the page won't add a second app


def test_with_two_factor_required_editors_are_sent_to_add_an_app_before_the_cms(client, settings, editor, password):
    settings.STAFF_TWO_FACTOR_REQUIRED = True
    sign_in(client, "/cms/login/", editor, password)
    response = client.get("/cms/pages/")
    assert response.status_code == 302 and response["Location"].startswith(ENROL)


def test_a_shopper_is_never_asked(client, settings, shopper, password):
    settings.STAFF_TWO_FACTOR_REQUIRED = True
    response = client.post("/shop/accounts/login/", {"login-username": shopper.email, "login-password": password,
                                                     "login_submit": "Log In"})
    assert response.status_code == 302
    assert client.get("/shop/accounts/").status_code in (200, 302)
    assert client.get("/shop/dashboard/").status_code == 403  # the dashboard's own refusal, not a code page
    assert client.get(VERIFY).status_code == 403
    assert client.get(ENROL).status_code == 403
    assert not TOTPDevice.objects.filter(user=shopper).exists()


def test_production_makes_two_factor_required_and_the_setting_can_say_otherwise(tmp_path):
    show = ("from django.conf import settings; print('required', settings.STAFF_TWO_FACTOR_REQUIRED)")
    on = manage(production_env(tmp_path), "shell", "-c", show)
    assert on.returncode == 0, on.stderr
    assert "required True" in on.stdout
    off = manage(production_env(tmp_path, STAFF_TWO_FACTOR_REQUIRED="false"), "shell", "-c", show)
    assert "required False" in off.stdout


# Data rights -----------------------------------------------------------------------------------

def test_the_download_shows_the_devices_but_never_their_secrets(client, password):
    staff = make_merchandiser(make_user("sam@example.com", password))
    make_editor(staff)
    device, codes = add_authenticator(staff)
    client.force_login(staff)
    data = client.get("/shop/accounts/my-data/").json()
    assert [(d["name"], d["confirmed"]) for d in data["two_factor_apps"]] == [("Authenticator app", True)]
    assert [d["codes_left"] for d in data["recovery_codes"]] == [10]
    text = str(data)
    assert device.key not in text and not any(code in text for code in codes)


def test_deleting_the_account_takes_its_devices_codes_and_wrong_code_records(client, merchandiser, password):
    device, _ = add_authenticator(merchandiser)
    sign_in(client, "/shop/dashboard/login/", merchandiser, password)
    verify(client, code_form(merchandiser, wrong_code_for(device)))
    assert AccessAttempt.objects.filter(username=f"second-step:{merchandiser.email}").exists()
    colleague = make_merchandiser(make_user("colleague@example.com", password))
    add_authenticator(colleague)

    erase_customer(merchandiser)

    assert not TOTPDevice.objects.filter(user_id=merchandiser.pk).exists()
    assert not StaticDevice.objects.filter(user_id=merchandiser.pk).exists()
    assert StaticToken.objects.filter(device__user=colleague).count() == 10
    assert not AccessAttempt.objects.filter(username__icontains=merchandiser.email).exists()
