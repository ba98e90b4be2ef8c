"""Every URL the site routes refuses a POST without a CSRF token, signed in or not.

The resolver is walked (Wagtail admin, Oscar storefront and dashboard, reports, payments,
Django admin, Wagtail pages), each pattern filled with sample arguments, and a superuser's
browser POSTs to it without a token: a superuser passes every permission check, so the 403
can only come from the CSRF check, and its body says so. Wagtail's admin API (Django REST
framework) is exempt from Django's middleware but checks the token itself for signed-in
sessions, so it is held to the same answer. Only EXEMPT_BY_DESIGN take a POST without a
token: Stripe's webhook has no browser session to forge and proves itself by signature
(tests/payments/test_stripe.py: forged and stale signatures get 400); the newsletter's
one-click unsubscribe is authorised by the secret in its link.
"""
import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import resolve

from tests.security.url_walk import every_pattern

pytestmark = pytest.mark.django_db

# Views that take a POST without a browser session, each proving the caller another way.
EXEMPT_BY_DESIGN = {
    "stripe-webhook": "Stripe's signature (tests/payments/test_stripe.py)",
    "newsletter:unsubscribe": "the secret token in the link (RFC 8058 one-click unsubscribe from mail clients)",
}


@pytest.fixture
def browser(db):
    admin = get_user_model().objects.create_superuser(email="root@example.com", password="x-long-password-1")
    client = Client(enforce_csrf_checks=True)
    client.force_login(admin)
    return client


def routed_paths():
    """{path: view name} for every pattern, the exemptions by design left out."""
    paths = {}
    for path, pattern in every_pattern():
        match = resolve(path)
        assert match.func is pattern.callback, path  # no path is served by a view other than its own
        if match.view_name not in EXEMPT_BY_DESIGN:
            paths[path] = match.view_name
    return paths


def test_the_walk_reaches_every_front_door():
    paths = routed_paths()
    assert len(paths) > 700  # Wagtail admin alone routes several hundred views
    names = set(paths.values())
    for expected in ["customer:login", "customer:register", "password-reset", "basket:add", "checkout:payment-details",
                     "dashboard:catalogue-product-create", "wagtailadmin_pages:edit", "wagtailimages:add",
                     "reports:report-runs", "payments-refund", "wagtail_serve", "customer:profile-delete",
                     "wagtailadmin_api:pages:action"]:
        assert any(name == expected for name in names), expected


def test_django_exempts_only_the_webhook_and_the_apis_which_check_tokens_themselves():
    exempt = {path: resolve(path) for path, _ in every_pattern() if getattr(resolve(path).func, "csrf_exempt", False)}
    apis = ("/cms/api/", "/api/")  # Django REST framework views: CSRF is their session authentication's
    by_design = {match.view_name for path, match in exempt.items() if not path.startswith(apis)}
    assert "stripe-webhook" in by_design and by_design <= set(EXEMPT_BY_DESIGN)
    for path, match in exempt.items():
        if path.startswith(apis):
            assert "SessionAuthentication" in str(match.func.cls().get_authenticators()), path


def test_every_post_without_a_token_is_refused(browser):
    refused, accepted = 0, []
    for path in routed_paths():
        response = browser.post(path, {"anything": "1"})
        if response.status_code == 403 and b"CSRF" in response.content:
            refused += 1
        else:
            accepted.append((path, response.status_code))
    assert accepted == []
    assert refused > 700


def test_the_same_post_with_a_token_gets_through(browser):
    """The control: the refusal above is the missing token, not the request itself."""
    page = browser.get("/shop/accounts/profile/delete/")
    token = page.cookies["csrftoken"].value if "csrftoken" in page.cookies else browser.cookies["csrftoken"].value
    response = browser.post("/shop/accounts/profile/delete/", {"password": "wrong", "csrfmiddlewaretoken": token})
    assert response.status_code == 200 and b"CSRF" not in response.content
