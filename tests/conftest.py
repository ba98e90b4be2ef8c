"""Shared fixtures: a small catalogue built with Oscar's factories, and signed-in clients."""
from decimal import Decimal

import pytest
from oscar.core.loading import get_model
from oscar.test import factories

pytest_plugins = ["tests.fake_stripe"]  # localstripe fixtures for the payment tests (started only when asked for)

Category = get_model("catalogue", "Category")
Country = get_model("address", "Country")


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate-limit counters (security/ratelimit.py) live in the cache: each test starts at zero."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def country(db):
    return Country.objects.get_or_create(
        iso_3166_1_a2="US", defaults={"printable_name": "United States", "name": "United States of America",
                                      "is_shipping_country": True},
    )[0]


@pytest.fixture
def category(db):
    from oscar.apps.catalogue.categories import create_from_breadcrumbs

    return create_from_breadcrumbs("Pantry > Preserves")


def make_product(title, price="10.00", stock=20, category=None, **kwargs):
    product = factories.create_product(
        title=title, price=Decimal(price), num_in_stock=stock, **kwargs
    )
    if category is not None:
        product.categories.add(category)
    return product


@pytest.fixture
def products(category):
    return [
        make_product("Damson jam", "6.50", category=category),
        make_product("Seville marmalade", "7.25", category=category),
        make_product("Quince paste", "9.00", stock=2, category=category),
    ]


@pytest.fixture
def password():
    return "correct-horse-battery-42"


@pytest.fixture
def shopper(db, password):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_user(email="ada@example.com", password=password, first_name="Ada")


@pytest.fixture
def shopper_client(client, shopper):
    client.force_login(shopper)
    return client


@pytest.fixture
def merchandiser(db, password):
    from django.contrib.auth import get_user_model

    from commerce.accounts.roles import make_merchandiser

    user = get_user_model().objects.create_user(email="merch@example.com", password=password)
    return make_merchandiser(user)


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """`with committed():` runs the block's after-commit work (Celery tasks, eager here) as a commit would."""
    def block():
        return django_capture_on_commit_callbacks(execute=True)
    return block
