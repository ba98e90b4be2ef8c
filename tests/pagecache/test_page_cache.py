"""The anonymous page cache: pages come from the cache, and a change shows at once.

Changes are made inside `committed()`, so the cache is forgotten exactly when a real
commit would forget it.
"""
import datetime
import re
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from tests.factories import make_product, publish

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 600


def fetch(client, url, **kwargs):
    response = client.get(url, **kwargs)
    assert response.status_code == 200, response.status_code
    return response, response.content.decode()


def cached(client, url):
    """The page as the cache serves it (rendered by an earlier request if need be)."""
    client.get(url)
    response, html = fetch(client, url)
    assert response["X-Page-Cache"] == "hit"
    return html


def test_second_anonymous_visit_is_served_from_the_cache_without_touching_the_database(
        client, category, products, django_assert_num_queries):
    url = category.get_absolute_url()
    first, html = fetch(client, url)
    assert first["X-Page-Cache"] == "miss"
    with django_assert_num_queries(0):
        second, again = fetch(client, url)
    assert second["X-Page-Cache"] == "hit"
    assert "Damson jam" in again
    def same_page(text):  # but for the cache mark, the CSRF tokens and the CSP nonce
        text = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", text.replace('data-page-cache="hit"', ""))
        return text.replace('data-page-cache="fresh"', "").split("nonce=")[0]

    assert same_page(again) == same_page(html)


def test_cached_category_page_shows_a_new_price_at_once(client, category, products, committed):
    url = category.get_absolute_url()
    assert "£6.50" in cached(client, url) or "6.50" in cached(client, url)
    record = products[0].stockrecords.get()
    with committed():
        record.price = Decimal("4.80")
        record.save()
    response, html = fetch(client, url)
    assert response["X-Page-Cache"] == "miss"
    assert "4.80" in html and "6.50" not in html


def test_cached_category_page_shows_sold_out_once_the_last_units_are_allocated(client, category, products, committed):
    url = category.get_absolute_url()
    assert "Only 2 left" in cached(client, url)
    record = products[2].stockrecords.get()  # Quince paste, 2 in stock
    with committed():
        record.allocate(2)  # what placing an order does
    _, html = fetch(client, url)
    assert "Only 2 left" not in html
    card = html[html.index("Quince paste"):]
    assert "Out of stock" in card[:2000] and "Sold out" in card[:2000]


def test_an_order_that_leaves_the_stock_line_as_it_was_keeps_every_page_cached(category, products, committed):
    # A visitor apiece: a product page seen first lists under "recently viewed" on the next.
    visitors = {url: Client() for url in (category.get_absolute_url(), products[0].get_absolute_url(),
                                          products[1].get_absolute_url())}
    for url, visitor in visitors.items():
        cached(visitor, url)
    record = products[0].stockrecords.get()  # Damson jam, 20 in stock
    with committed():
        record.allocate(2)  # an order of two jars, as checkout places it
    with committed():
        record.consume_allocation(2)  # and shipped
    with committed():
        record.num_in_stock = 30  # a delivery counted in on the dashboard
        record.save()
    for url, visitor in visitors.items():
        response, html = fetch(visitor, url)
        assert response["X-Page-Cache"] == "hit", url
    assert "In stock" in html


def test_an_order_that_leaves_three_says_only_three_left_at_once(category, products, committed):
    visitors = {url: Client() for url in (category.get_absolute_url(), products[0].get_absolute_url())}
    for url, visitor in visitors.items():
        assert "Only 3 left" not in cached(visitor, url)
    with committed():
        products[0].stockrecords.get().allocate(17)  # Damson jam: 20 in stock, 3 left
    for url, visitor in visitors.items():
        response, html = fetch(visitor, url)
        assert response["X-Page-Cache"] == "miss" and "Only 3 left" in html
    with committed():
        products[0].stockrecords.get().allocate(1)  # every sale from here on shows
    for url, visitor in visitors.items():
        assert "Only 2 left" in fetch(visitor, url)[1]


def test_a_cancelled_order_puts_a_sold_out_product_back_on_sale_at_once(client, category, products, committed):
    url = category.get_absolute_url()
    record = products[2].stockrecords.get()  # Quince paste, 2 in stock
    with committed():
        record.allocate(2)
    assert "Only 2 left" not in cached(client, url)
    with committed():
        record.cancel_allocation(2)  # what cancelling the order does
    _, html = fetch(client, url)
    assert "Only 2 left" in html


def test_a_new_product_in_the_category_appears_at_once(client, category, products, committed):
    url = category.get_absolute_url()
    assert "Rhubarb chutney" not in cached(client, url)
    with committed():
        make_product("Rhubarb chutney", "5.00", category=category)
    assert "Rhubarb chutney" in fetch(client, url)[1]


def test_a_product_made_private_leaves_its_cached_page(client, products, committed):
    url = products[0].get_absolute_url()
    cached(client, url)
    with committed():
        products[0].is_public = False
        products[0].save()
    assert client.get(url).status_code == 404


def test_a_published_page_change_shows_at_once(client, standard_page, committed):
    assert "Two people and a market stall." in cached(client, standard_page.url)
    standard_page.intro = "Three people now, and a shop."
    with committed():
        standard_page.save_revision().publish()
    response, html = fetch(client, standard_page.url)
    assert "Three people now" in html


def test_a_rolled_back_change_keeps_the_cache(client, category, products):
    url = category.get_absolute_url()
    cached(client, url)
    record = products[0].stockrecords.get()
    record.price = Decimal("1.00")
    record.save()  # the test transaction never commits: as if rolled back
    assert fetch(client, url)[0]["X-Page-Cache"] == "hit"


def test_signed_in_shoppers_and_visitors_with_messages_always_get_a_fresh_page(
        client, shopper_client, category, products):
    url = category.get_absolute_url()
    cached(Client(), url)
    for _ in range(2):
        response, html = fetch(shopper_client, url)
        assert "X-Page-Cache" not in response
        assert "Sign out" in html
    visitor = Client()
    visitor.cookies["messages"] = "anything"
    assert "X-Page-Cache" not in fetch(visitor, url)[0]


def test_query_strings_are_cached_separately_whatever_their_order(client, category, products):
    url = category.get_absolute_url()
    by_price = cached(client, f"{url}?sort_by=price-desc&in_stock=1")
    assert fetch(client, f"{url}?in_stock=1&sort_by=price-desc")[0]["X-Page-Cache"] == "hit"
    # Parameters the listing doesn't read (campaign tags, click ids) neither make a page of their own nor show in it.
    tagged, html = fetch(client, f"{url}?utm_source=newsletter&in_stock=1&fbclid=abc&sort_by=price-desc")
    assert tagged["X-Page-Cache"] == "hit" and "utm_source" not in html and "fbclid" not in html
    cheap_first = fetch(client, f"{url}?sort_by=price-asc")[1]
    assert by_price.index("Quince paste") < by_price.index("Damson jam")
    assert cheap_first.index("Damson jam") < cheap_first.index("Quince paste")


def test_shop_pages_that_are_personal_are_never_cached(client, products):
    client.post(f"/shop/basket/add/{products[0].pk}/", {"quantity": 1})
    for url in ("/shop/basket/", "/search/?q=jam", "/visitor/"):
        client.get(url)
        assert "X-Page-Cache" not in client.get(url)


def test_a_hit_carries_a_fresh_nonce_that_matches_its_policy(client, category, products):
    url = category.get_absolute_url()
    client.get(url)
    nonces = []
    for _ in range(2):
        response = client.get(url)
        assert response["X-Page-Cache"] == "hit"
        nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)
        assert f'nonce="{nonce}"' in response.content.decode()
        nonces.append(nonce)
    assert nonces[0] != nonces[1]


def test_a_cached_page_carries_this_visitors_own_csrf_token_so_its_forms_work_without_javascript(
        category, products):
    url = category.get_absolute_url()
    first = Client(enforce_csrf_checks=True)
    stored = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', fetch(first, url)[1]).group(1)

    newcomer = Client(enforce_csrf_checks=True)  # no cookies at all
    page = newcomer.get(url)
    assert page["X-Page-Cache"] == "hit"
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode()).group(1)
    assert token != stored and "csrftoken" in page.cookies  # a token and the cookie it belongs to
    added = newcomer.post(f"/shop/basket/add/{products[0].pk}/", {"quantity": 1, "csrfmiddlewaretoken": token})
    assert added.status_code == 302
    refused = Client(enforce_csrf_checks=True)
    refused.get(url)
    assert refused.post(f"/shop/basket/add/{products[0].pk}/",
                        {"quantity": 1, "csrfmiddlewaretoken": stored}).status_code == 403  # somebody else's


def test_a_visitor_with_a_basket_gets_the_cached_page_and_their_own_basket(category, products):
    url = category.get_absolute_url()
    cached(Client(), url)  # rendered for someone with an empty basket
    shopper = Client()
    shopper.post(f"/shop/basket/add/{products[1].pk}/", {"quantity": 2})
    shopper.get("/shop/basket/")  # shows (and so clears) the "added to your basket" message

    page = shopper.get(url)
    assert page["X-Page-Cache"] == "hit"
    assert 'data-page-cache="hit"' in page.content.decode()  # tells site.js to fill in the basket
    state = shopper.get("/visitor/")
    assert state["Cache-Control"].startswith("max-age=0")
    assert state.json()["basket"]["count"] == 2
    assert state.json()["basket"]["total"].endswith("14.50")


def test_a_page_rendered_for_a_visitor_with_a_basket_is_not_kept(category, products):
    shopper = Client()
    shopper.post(f"/shop/basket/add/{products[1].pk}/", {"quantity": 1})
    shopper.get("/shop/basket/")  # clears the message
    url = category.get_absolute_url()
    assert "7.25" in shopper.get(url).content.decode().split('class="site-basket"')[1][:1200]
    response, html = fetch(Client(), url)
    assert response["X-Page-Cache"] == "miss"  # the shopper's render was not kept
    assert "7.25" not in html.split('class="site-basket"')[1][:1200]


def test_promotion_pages_are_kept_no_longer_than_their_window(client, promotions, settings):
    from content.models import PromotionPage
    from pagecache.middleware import seconds_to_keep

    ends = timezone.now() + datetime.timedelta(minutes=5)
    publish(promotions, PromotionPage(title="Marmalade week", slug="marmalade-week", banner_text="Marmalade for less",
                                      starts_at=timezone.now() - datetime.timedelta(days=1), ends_at=ends))
    assert 290 <= seconds_to_keep() <= 300
    settings.PAGE_CACHE_SECONDS = 60
    assert seconds_to_keep() == 60


def test_head_requests_get_headers_only_from_the_cache(client, category, products):
    url = category.get_absolute_url()
    cached(client, url)
    response = client.head(url)
    assert response["X-Page-Cache"] == "hit"
    assert response.content == b""


# --- Shared fragments: what signed-in shoppers' pages reuse --------------------------------

@pytest.fixture
def fragments_on(settings):
    settings.FRAGMENT_CACHE_SECONDS = 600


def test_signed_in_category_page_reuses_the_listing_and_still_shows_a_new_price(
        fragments_on, shopper_client, category, products, committed):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = category.get_absolute_url()
    with CaptureQueriesContext(connection) as first:
        assert "6.50" in fetch(shopper_client, url)[1]
    with CaptureQueriesContext(connection) as again:
        fetch(shopper_client, url)
    assert len(again.captured_queries) < len(first.captured_queries) - 5  # no product, stock or facet loads
    record = products[0].stockrecords.get()
    with committed():
        record.price = Decimal("4.80")
        record.save()
    html = fetch(shopper_client, url)[1]
    assert "4.80" in html and "6.50" not in html


def test_a_shared_listing_carries_each_shoppers_own_csrf_token(fragments_on, category, products, password):
    from django.contrib.auth import get_user_model

    url = category.get_absolute_url()
    first = Client(enforce_csrf_checks=True)
    first.force_login(get_user_model().objects.create_user(email="first@example.com", password=password))
    first_html = fetch(first, url)[1]
    second = Client(enforce_csrf_checks=True)
    second.force_login(get_user_model().objects.create_user(email="second@example.com", password=password))
    html = fetch(second, url)[1]
    tokens = set(re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', html))
    assert len(tokens) == 1 and tokens.isdisjoint(re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"',
                                                             first_html))
    added = second.post(f"/shop/basket/add/{products[0].pk}/", {"quantity": 1, "csrfmiddlewaretoken": tokens.pop()})
    assert added.status_code == 302


def test_product_details_show_sold_out_at_once_for_signed_in_shoppers(fragments_on, shopper_client, products,
                                                                      committed):
    url = products[2].get_absolute_url()
    assert "Only 2 left" in fetch(shopper_client, url)[1]
    record = products[2].stockrecords.get()
    with committed():
        record.allocate(2)
    html = fetch(shopper_client, url)[1]
    assert "Only 2 left" not in html and "Out of stock" in html


def test_the_menu_marks_the_current_page_on_each_page(fragments_on, shopper_client, category, products):
    pantry = category.get_parent().get_absolute_url()

    def menu(url):
        html = fetch(shopper_client, url)[1]
        start = html.index('class="site-nav"')
        return html[start:html.index("</nav>", start)]

    assert f'href="{pantry}" aria-current="page"' not in menu(category.get_absolute_url())
    assert f'href="{pantry}" aria-current="page"' in menu(pantry)
    assert f'href="{pantry}" aria-current="page"' not in menu(category.get_absolute_url())


def header_basket(html):
    start = html.index('class="site-basket"')
    return html[start:html.index("</a>", start)]


def test_signed_in_header_basket_follows_adds_removals_and_price_changes(fragments_on, shopper_client, category,
                                                                         products, committed):
    url = category.get_absolute_url()
    assert ">0<" in header_basket(fetch(shopper_client, url)[1])
    with committed():
        shopper_client.post(f"/shop/basket/add/{products[0].pk}/", {"quantity": 2})
    header = header_basket(fetch(shopper_client, url)[1])
    assert ">2<" in header and "13.00" in header
    record = products[0].stockrecords.get()
    with committed():
        record.price = Decimal("5.00")
        record.save()
    assert "10.00" in header_basket(fetch(shopper_client, url)[1])
    with committed():
        from commerce.basket.models import Basket

        Basket.open.get(owner__email="ada@example.com").flush()  # what emptying the basket does
    assert ">0<" in header_basket(fetch(shopper_client, url)[1])


def test_signed_in_pages_cost_the_same_queries_for_a_basket_of_one_line_or_twelve(
        fragments_on, shopper_client, category, committed):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from oscar.test import factories

    items = [make_product(f"Jar {i}", "3.00", category=category) for i in range(12)]
    factories.ConditionalOfferFactory(name="Jars for less")  # a site offer: Oscar checks its range line by line
    url = category.get_absolute_url()

    def queries():
        fetch(shopper_client, url)
        with CaptureQueriesContext(connection) as ctx:
            fetch(shopper_client, url)
        return len(ctx.captured_queries)

    with committed():
        shopper_client.post(f"/shop/basket/add/{items[0].pk}/", {"quantity": 1})
    one = queries()
    with committed():
        for item in items[1:]:
            shopper_client.post(f"/shop/basket/add/{item.pk}/", {"quantity": 1})
    assert ">12<" in header_basket(fetch(shopper_client, url)[1])
    assert queries() == one


def test_a_page_stored_by_an_older_release_is_never_read(client, category, products, monkeypatch):
    from pagecache import store

    url = category.get_absolute_url()
    cached(client, url)
    monkeypatch.setattr(store, "FORMAT", store.FORMAT + 1)  # the next release stores pages another way
    response, html = fetch(client, url)
    assert response["X-Page-Cache"] == "miss" and "Damson jam" in html


def test_https_and_http_pages_are_kept_apart(client, category, products):
    url = category.get_absolute_url()
    cached(client, url)
    secure = client.get(url, secure=True)
    assert secure["X-Page-Cache"] == "miss"  # its canonical and Open Graph links say https
    assert client.get(url, secure=True)["X-Page-Cache"] == "hit"
