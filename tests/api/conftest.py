import pytest
from rest_framework.test import APIClient

from api.keys import create_key


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def key_with(merchandiser):
    """make(*scopes) -> the full key text of a new key with those scopes."""
    def make(*scopes):
        return create_key(name="Warehouse sync", scopes=scopes, user=merchandiser)[1]
    return make


def bearer(key):
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}
