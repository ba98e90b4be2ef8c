"""Visiting pages the way the page cache sees them (tests run with production's caches on)."""
from django.test import Client


def visit(url, client=None):
    """(how the cache answered, the page) for a new anonymous visitor, or for `client`."""
    response = (client or Client()).get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.get("X-Page-Cache", ""), response.content.decode()
