"""API keys: made and revoked by permitted staff in the dashboard, kept only as a hash,
and refused once revoked."""
import hashlib

import pytest
from django.contrib.auth.models import Permission

from api.models import ApiKey
from tests.api.conftest import bearer

pytestmark = pytest.mark.django_db


@pytest.fixture
def key_manager(merchandiser):
    merchandiser.user_permissions.add(Permission.objects.get(codename="manage_apikey"))
    return merchandiser


def test_staff_with_the_permission_create_a_key_shown_once_and_stored_hashed(django_app, key_manager, api):
    django_app.set_user(key_manager)
    page = django_app.get("/shop/dashboard/")
    assert "/shop/dashboard/api-keys/" in page.text  # the navigation entry

    form = django_app.get("/shop/dashboard/api-keys/").forms["new-api-key"]
    form["name"] = "Warehouse sync"
    form["scopes"] = ["stock:read", "stock:write"]
    created = form.submit()
    full = created.html.find(id="new-key").text.strip()
    assert full.startswith("ll_") and "no-store" in created.headers["Cache-Control"]

    key = ApiKey.objects.get()
    assert key.scopes == ["stock:read", "stock:write"] and key.created_by == key_manager
    assert full not in (key.hashed_key, key.prefix) and key.hashed_key == hashlib.sha256(full.encode()).hexdigest()
    assert full not in django_app.get("/shop/dashboard/api-keys/").text  # never shown again

    assert api.get("/api/staff/stock/", **bearer(full)).status_code == 200
    key.refresh_from_db()
    assert key.last_used_at is not None


def test_a_revoked_key_is_refused(django_app, key_manager, key_with, api):
    full = key_with("orders:read")
    assert api.get("/api/staff/orders/", **bearer(full)).status_code == 200
    django_app.set_user(key_manager)
    page = django_app.get("/shop/dashboard/api-keys/")
    page.forms[f"revoke-{ApiKey.objects.get().pk}"].submit().follow()

    response = api.get("/api/staff/orders/", **bearer(full))
    assert response.status_code == 401
    assert response.json() == {"error": "The API key is wrong or has been revoked.", "status": 401}
    assert ApiKey.objects.get().revoked_by == key_manager


def test_staff_without_the_permission_cannot_see_or_make_keys(dashboard):
    assert "/shop/dashboard/api-keys/" not in dashboard.get("/shop/dashboard/").text
    dashboard.get("/shop/dashboard/api-keys/", status=403)
    assert not ApiKey.objects.exists()


def test_a_made_up_key_is_refused(api, key_with):
    real = key_with("orders:read")
    forged = real[:-4] + ("aaaa" if not real.endswith("aaaa") else "bbbb")  # right prefix, wrong secret
    for header in (f"Bearer {forged}", "Api-Key ll_nothere_x", "Bearer nonsense"):
        assert api.get("/api/staff/orders/", HTTP_AUTHORIZATION=header).status_code == 401
    assert api.get("/api/staff/orders/", HTTP_AUTHORIZATION=f"Api-Key {real}").status_code == 200
