"""Content Security Policy: strict on shop pages (our scripts, Stripe's, one nonce'd inline
block), origins-only in the staff areas with the strict policy reported; Stripe's origins
follow the settings, so tests' localstripe is allowed only where the settings point at it."""
import re

import pytest

from security.csp import build_policy

pytestmark = pytest.mark.django_db


def directives(header):
    return {part.split()[0]: part.split()[1:] for part in header.split("; ")}


def test_shop_pages_allow_only_our_scripts_stripe_and_the_nonced_inline_block(client, products, settings):
    settings.STRIPE_JS_URL = "https://js.stripe.com/v3/"
    settings.STRIPE_API_BASE = ""
    response = client.get(f"/shop/catalogue/{products[0].slug}_{products[0].pk}/")
    policy = directives(response["Content-Security-Policy"])
    nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)

    assert policy["script-src"] == ["'self'", "https://js.stripe.com", "https://*.js.stripe.com", f"'nonce-{nonce}'"]
    assert "'unsafe-inline'" not in policy["script-src"] and "'unsafe-eval'" not in policy["script-src"]
    assert "https://hooks.stripe.com" in policy["frame-src"] and "https://js.stripe.com" in policy["frame-src"]
    assert "https://api.stripe.com" in policy["connect-src"]
    assert policy["object-src"] == ["'none'"] and policy["frame-ancestors"] == ["'self'"]
    # Every inline script on the page carries this response's nonce, so the browser runs it
    # (JSON-LD is a data block the browser never runs: it needs none).
    inline = re.findall(r"<script(?![^>]*\bsrc=)(?![^>]*application/ld\+json)([^>]*)>", response.content.decode())
    assert inline and all(f'nonce="{nonce}"' in attrs for attrs in inline)


def test_each_response_gets_a_fresh_nonce(client, home):  # noqa: F811  fixture
    first = re.search(r"'nonce-([^']+)'", client.get("/").headers["Content-Security-Policy"]).group(1)
    second = re.search(r"'nonce-([^']+)'", client.get("/").headers["Content-Security-Policy"]).group(1)
    assert first != second and len(first) >= 20


def test_localstripe_is_allowed_only_when_the_settings_point_at_it(settings):
    settings.STRIPE_JS_URL = "http://127.0.0.1:8420/js.stripe.com/v3/"
    settings.STRIPE_API_BASE = "http://127.0.0.1:8420"
    policy = directives(build_policy(nonce="n"))
    assert "http://127.0.0.1:8420" in policy["script-src"] and "http://127.0.0.1:8420" in policy["frame-src"]
    assert "http://127.0.0.1:8420" in policy["connect-src"]
    assert "https://js.stripe.com" not in policy["script-src"]

    settings.STRIPE_JS_URL = "https://js.stripe.com/v3/"
    settings.STRIPE_API_BASE = ""
    assert "127.0.0.1:8420" not in build_policy(nonce="n")


@pytest.mark.parametrize("path", ["/cms/login/", "/shop/dashboard/login/"])
def test_staff_areas_keep_their_inline_scripts_but_report_the_strict_policy(client, path):
    response = client.get(path)
    enforced = directives(response["Content-Security-Policy"])
    assert "'unsafe-inline'" in enforced["script-src"]
    assert enforced["object-src"] == ["'none'"] and enforced["frame-ancestors"] == ["'self'"]
    report_only = directives(response["Content-Security-Policy-Report-Only"])
    assert any(source.startswith("'nonce-") for source in report_only["script-src"])
