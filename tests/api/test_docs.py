"""Swagger UI at /api/docs/: its assets come from our own static files and its start-up
script is a separate same-origin response, so the strict CSP needs no inline script."""
import re

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db


def script_src(response):
    policy = response["Content-Security-Policy"]
    return next(d for d in policy.split(";") if d.strip().startswith("script-src"))


def test_the_docs_page_loads_swagger_ui_from_our_static_files_under_the_strict_csp(client):
    page = client.get("/api/docs/")

    assert page.status_code == 200
    html = page.content.decode()
    scripts = re.findall(r'<script src="([^"]+)"', html)
    static = settings.STATIC_URL
    assert f"{static}drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in scripts
    assert f'href="{static}drf_spectacular_sidecar/swagger-ui-dist/swagger-ui.css"' in html
    assert "<script>" not in html  # no inline script: the CSP would block it
    assert "'unsafe-inline'" not in script_src(page) and "'self'" in script_src(page)

    init = client.get(scripts[-1])  # the split view's start-up script, same origin
    assert init.status_code == 200 and init["Content-Type"].startswith("application/javascript")
    assert "SwaggerUIBundle" in init.content.decode() and "/api/schema/" in init.content.decode()
