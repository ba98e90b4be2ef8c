"""The OpenAPI schema covers /api/ only (Wagtail's admin API is not ours to describe), and
tells clients about key authentication."""
from drf_spectacular.authentication import SessionScheme
from drf_spectacular.extensions import OpenApiAuthenticationExtension


def only_the_api(endpoints, **kwargs):
    return [endpoint for endpoint in endpoints if endpoint[0].startswith("/api/")]


class ApiKeyScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.ApiKeyAuthentication"
    name = "apiKey"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "bearer",
                "description": "An API key made in the dashboard (API keys): `Authorization: Bearer ll_…`."}


class ShopSessionScheme(SessionScheme):
    """A shopper's (or staff member's) session cookie, as for the storefront; writes need the CSRF token."""

    target_class = "api.authentication.SessionAuthentication"
