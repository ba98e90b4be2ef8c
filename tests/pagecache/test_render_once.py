"""A page gone cold is rendered by one request at a time; the others don't render it again.

The request "rendering elsewhere" is played by taking the page's render claim, as a
request on another web process would while its view runs.
"""
import threading
from decimal import Decimal

import pytest
from django.test import RequestFactory

from pagecache import store

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 600


def keys_of(url):
    request = RequestFactory().get(url)
    return store.page_key(request), store.previous_key(request)


def change_price(product, price, committed):
    record = product.stockrecords.get()
    with committed():
        record.price = Decimal(price)
        record.save()


def test_while_a_cold_page_renders_elsewhere_visitors_get_its_previous_version_without_the_view(
        client, category, products, committed, django_assert_num_queries):
    url = category.get_absolute_url()
    client.get(url)
    change_price(products[0], "4.80", committed)  # every page goes cold
    key, _ = keys_of(url)
    assert store.claim_render(key)  # another process is rendering the listing now
    with django_assert_num_queries(0):
        response = client.get(url)
    assert response["X-Page-Cache"] == "previous" and "6.50" in response.content.decode()

    store.release_render(key)  # that render is done (or was abandoned): the next visitor renders
    response = client.get(url)
    assert response["X-Page-Cache"] == "miss" and "4.80" in response.content.decode()
    assert client.get(url)["X-Page-Cache"] == "hit"


def test_with_no_previous_version_a_visitor_waits_for_the_render_in_progress(
        client, category, products, committed, settings, django_assert_num_queries):
    settings.PAGE_CACHE_WAIT_SECONDS = 10
    url = category.get_absolute_url()
    client.get(url)
    old_key, previous = keys_of(url)
    finished = store.load(old_key)
    change_price(products[1], "7.10", committed)
    key, _ = keys_of(url)
    store.forget(previous)  # a page nobody has seen yet
    assert store.claim_render(key)
    # The other render finishes a moment later and stores the page.
    threading.Timer(0.3, store.save, args=(key, finished, 600)).start()
    with django_assert_num_queries(0):
        response = client.get(url)
    assert response["X-Page-Cache"] == "hit"


def test_a_page_that_is_gone_is_not_answered_by_its_previous_version(client, products, committed):
    url = products[0].get_absolute_url()
    client.get(url)
    with committed():
        products[0].is_public = False
        products[0].save()
    assert client.get(url).status_code == 404  # rendered: the product is no longer shown
    key, _ = keys_of(url)
    assert store.claim_render(key)  # while another request renders it again
    assert client.get(url).status_code == 404
