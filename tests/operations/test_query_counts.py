"""Pages run the same number of SQL queries whether they show 5 products or 50."""
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from oscar.apps.catalogue.categories import create_from_breadcrumbs

from tests.factories import make_product, running_offer

pytestmark = pytest.mark.django_db


def queries_for(client, url):
    client.get(url)  # warm caches that every page fills once (site root, thumbnails)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def catalogue_of(n, name):
    category = create_from_breadcrumbs(f"Counted > {name}")
    products = [make_product(f"{name} item {i}", "5.00", category=category) for i in range(n)]
    for p in products[::2]:
        from oscar.test.factories import ProductImageFactory
        ProductImageFactory(product=p)
    return category, products


def fill_basket(client, products):
    for p in products:
        client.post(f"/shop/basket/add/{p.pk}/", {"quantity": 1})


@pytest.mark.parametrize("page", ["category", "catalogue", "search"])
def test_listing_queries_do_not_grow_with_products(client, settings, page):
    settings.OSCAR_PRODUCTS_PER_PAGE = 100
    small, small_products = catalogue_of(5, "Small")
    urls = {"category": small.get_absolute_url(), "catalogue": "/shop/catalogue/", "search": "/search/?q=item"}
    five = queries_for(client, urls[page])
    big, _ = catalogue_of(45, "Big")
    urls["category"] = big.get_absolute_url()
    fifty = queries_for(client, urls[page])
    assert fifty == five, f"{page}: {five} queries for 5 products, {fifty} for 50"


def test_product_page_queries_do_not_grow_with_category_size(client):
    category, products = catalogue_of(5, "Shelf")
    five = queries_for(client, products[0].get_absolute_url())
    for i in range(45):
        make_product(f"Shelf extra {i}", "5.00", category=category)
    fifty = queries_for(client, products[0].get_absolute_url())
    assert fifty == five


def test_basket_queries_do_not_grow_with_lines(client):
    _, products = catalogue_of(50, "Basket")
    fill_basket(client, products[:5])
    five = queries_for(client, "/shop/basket/")
    fill_basket(client, products[5:])
    fifty = queries_for(client, "/shop/basket/")
    assert fifty == five, f"basket: {five} queries for 5 lines, {fifty} for 50"


def test_basket_queries_do_not_grow_with_lines_while_an_offer_runs(client):
    """Oscar checks an offer's range line by line; commerce/offer asks once per range."""
    category, products = catalogue_of(12, "Offer")
    running_offer(category, "Ten percent off the shelf", count=2, percent="10")
    fill_basket(client, products[:2])  # two lines: the offer's condition is met from here on
    two = queries_for(client, "/shop/basket/")
    fill_basket(client, products[2:])
    twelve = queries_for(client, "/shop/basket/")
    assert twelve == two, f"basket with an offer: {two} queries for 2 lines, {twelve} for 12"
    basket = client.get("/shop/basket/").context["basket"]
    assert basket.total_discount == Decimal("6.00")  # 10 % of 12 × 5.00: the offer still applies to every line
