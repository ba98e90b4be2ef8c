"""Signed-in pages do only the work they show: the header's basket from the cache, the
running offers read once per basket page. And the header still follows every change."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import make_product, running_offer

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fragments_on(settings):
    settings.FRAGMENT_CACHE_SECONDS = 600


def header_basket(client, url):
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    start = html.index('class="site-basket"')
    return html[start:html.index("</a>", start)]


def queries_on(client, url):
    client.get(url)  # fills what every page fills once
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return [q["sql"] for q in ctx.captured_queries]


def touching(queries, table):
    return [sql for sql in queries if f'FROM "{table}"' in sql]


def test_a_signed_in_page_shows_the_basket_in_its_header_without_asking_the_database(
        shopper_client, category, products, committed):
    with committed():
        shopper_client.post(f"/shop/basket/add/{products[0].pk}/", {"quantity": 2})
    url = category.get_absolute_url()
    assert ">2<" in header_basket(shopper_client, url) and "13.00" in header_basket(shopper_client, url)
    assert touching(queries_on(shopper_client, url), "basket_basket") == []


def test_visiting_pages_makes_no_basket_for_a_shopper_who_has_none(shopper_client, shopper, category, products):
    from commerce.basket.models import Basket

    assert ">0<" in header_basket(shopper_client, category.get_absolute_url())
    assert not Basket.objects.filter(owner=shopper).exists()


def test_the_header_follows_a_basket_emptied_submitted_or_deleted_elsewhere(
        shopper_client, shopper, category, products, committed):
    """Another device, checkout or the stale-basket clean-up changes the shopper's baskets
    in other requests: the header that the cache answers follows each."""
    from commerce.basket.models import Basket

    url = category.get_absolute_url()
    with committed():
        shopper_client.post(f"/shop/basket/add/{products[0].pk}/", {"quantity": 1})
    assert ">1<" in header_basket(shopper_client, url)
    with committed():
        Basket.open.get(owner=shopper).submit()
    assert ">0<" in header_basket(shopper_client, url)
    with committed():
        shopper_client.post(f"/shop/basket/add/{products[1].pk}/", {"quantity": 3})
    assert ">3<" in header_basket(shopper_client, url)
    with committed():
        Basket.open.get(owner=shopper).lines.get().delete()
    assert ">0<" in header_basket(shopper_client, url)
    with committed():
        shopper_client.post(f"/shop/basket/add/{products[1].pk}/", {"quantity": 2})
    assert ">2<" in header_basket(shopper_client, url)
    with committed():
        Basket.open.get(owner=shopper).delete()
    assert ">0<" in header_basket(shopper_client, url)


def test_the_header_is_each_shoppers_own(client, category, products, committed):
    from django.contrib.auth import get_user_model

    users = [get_user_model().objects.create_user(email=f"{name}@example.com", password="x")
             for name in ("grace", "alan")]
    url = category.get_absolute_url()
    client.force_login(users[0])
    with committed():
        client.post(f"/shop/basket/add/{products[0].pk}/", {"quantity": 4})
    assert ">4<" in header_basket(client, url)
    client.force_login(users[1])
    assert ">0<" in header_basket(client, url)


def test_the_basket_page_reads_the_running_offers_and_their_ranges_once(shopper_client, category, committed):
    running_offer(category, "Three jars for less", count=3, percent="10")
    jar = make_product("Damson jam", "5.00", category=category)
    with committed():
        shopper_client.post(f"/shop/basket/add/{jar.pk}/", {"quantity": 1})
    queries = queries_on(shopper_client, "/shop/basket/")
    assert len(touching(queries, "offer_conditionaloffer")) == 1
    assert touching(queries, "offer_range") == []  # loaded with the offers
    lines = touching(queries, "basket_line")
    assert len(lines) == 1 and "COUNT(*)" not in lines[0]  # the lines are loaded once, not counted first
    response = shopper_client.get("/shop/basket/")
    assert "Three jars for less" in response.content.decode()  # the upsell message: two more jars to go


def test_a_category_page_shows_its_trail_without_reading_the_ancestors_each_time(
        shopper_client, category, products, committed):
    url = category.get_absolute_url()
    assert len(touching(queries_on(shopper_client, url), "catalogue_category")) == 1  # the category itself
    pantry = category.get_parent()
    with committed():
        pantry.name = "Larder"
        pantry.save()
    html = shopper_client.get(url).content.decode()
    trail = html[html.index('class="breadcrumb"'):html.index("</ol>", html.index('class="breadcrumb"'))]
    assert ">Larder</a>" in trail and "Pantry" not in trail
