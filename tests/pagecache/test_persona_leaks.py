"""Nobody ever sees another person's data, whoever visits first, with production's caches on.

Given the demo store plus a product with variants and a sold-out one, the page cache and
shared fragments on, and four people — an anonymous visitor, shopper A (a named wish
list, a stock alert, a review waiting for moderation, seven things in her basket, an
address), shopper B (his own list and basket) and a member of staff — when each storefront
page kind is fetched by all four in several orders, then no page shows anything that
belongs to someone else, and each person's own things still show on their own pages.
"""
from io import StringIO
from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction
from django.test import Client, override_settings
from oscar.core.loading import get_model
from oscar.test import factories
from wagtail.models import Page, Site

pytestmark = pytest.mark.django_db

Category = get_model("catalogue", "Category")
Product = get_model("catalogue", "Product")
ProductAlert = get_model("customer", "ProductAlert")
ProductReview = get_model("reviews", "ProductReview")
WishList = get_model("wishlists", "WishList")
UserAddress = get_model("address", "UserAddress")
Country = get_model("address", "Country")
User = get_user_model()

# Whoever renders a page first is the one whose data could be kept for the rest: each kind of
# person goes first once (B first is A first with the names swapped).
ORDERS = [
    ("anonymous", "A", "B", "staff"),
    ("A", "anonymous", "staff", "B"),
    ("staff", "B", "A", "anonymous"),
]


@pytest.fixture(scope="module")
def demo_store(django_db_setup, django_db_blocker, tmp_path_factory):
    media_root = str(tmp_path_factory.mktemp("walk-media"))
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media_root, DEBUG=False):
        with transaction.atomic():
            call_command("load_demo_store", stdout=StringIO())
            yield SimpleNamespace(media_root=media_root, kinds=_product_kinds())
            transaction.set_rollback(True)
        Site.clear_site_root_paths_cache()
        cache.clear()


def _product_kinds():
    """One product of each kind the catalogue can show."""
    category = Category.objects.order_by("path").last()
    in_stock = Product.objects.filter(stockrecords__num_in_stock__gt=10).order_by("pk").first()
    few_left = factories.create_product(title="Walk beeswax wraps", price=12, num_in_stock=2)
    sold_out = factories.create_product(title="Walk saffron threads", price=18, num_in_stock=0)
    parent = factories.create_product(title="Walk linen apron", structure="parent")
    children = [factories.create_product(title=f"Walk linen apron, {colour}", parent=parent, price=24,
                                         num_in_stock=5) for colour in ("flax", "indigo")]
    for product in (few_left, sold_out, parent):
        product.categories.add(category)
    return SimpleNamespace(in_stock=in_stock, few_left=few_left, sold_out=sold_out, parent=parent,
                           child=children[0])


def _person(email, staff=False, **extra):
    user = User.objects.create_user(email=email, password="walk-password-2026", **extra)
    if staff:
        User.objects.filter(pk=user.pk).update(is_staff=True)
        user.refresh_from_db()
    return user


@pytest.fixture
def people(demo_store, settings):
    settings.MEDIA_ROOT = demo_store.media_root
    settings.PAGE_CACHE_SECONDS = 600
    settings.FRAGMENT_CACHE_SECONDS = 600
    kinds = demo_store.kinds
    ada = _person("ada.walk@example.com", first_name="Ada")
    bob = _person("bob.walk@example.com", first_name="Bob")
    staff = _person("staff.walk@example.com", staff=True)
    ada_list = WishList.objects.create(owner=ada, name="Ada secret larder list")
    ada_list.add(kinds.in_stock)
    ada_list.add(kinds.few_left)
    bob_list = WishList.objects.create(owner=bob, name="Bob birthday hints")
    bob_list.add(kinds.few_left)
    ProductAlert.objects.create(user=ada, product=kinds.sold_out, status=ProductAlert.ACTIVE)
    ProductReview.objects.create(product=kinds.in_stock, user=ada, title="Ada unpublished verdict", score=4,
                                 body="Waiting for a moderator.", status=ProductReview.FOR_MODERATION)
    country = Country.objects.get_or_create(iso_3166_1_a2="GB", defaults={"printable_name": "United Kingdom",
                                                                          "name": "United Kingdom"})[0]
    UserAddress.objects.create(user=ada, first_name="Ada", last_name="Walk", line1="12 Secret Lane",
                               line4="Bath", postcode="BA1 1AA", country=country)

    clients = {"anonymous": Client()}
    for name, user in (("A", ada), ("B", bob), ("staff", staff)):
        clients[name] = Client()
        clients[name].force_login(user)
    assert clients["A"].post(f"/shop/basket/add/{kinds.in_stock.pk}/", {"quantity": 7}).status_code == 302
    assert clients["B"].post(f"/shop/basket/add/{kinds.few_left.pk}/", {"quantity": 2}).status_code == 302
    cache.clear()  # nothing rendered while setting up counts

    # What may show only on the pages of the people named.
    only_for = {
        ("A",): ["Ada secret larder list", ada_list.key, "ada.walk@example.com", "12 Secret Lane",
                 'site-basket__count">7<', "You have an active stock alert"],
        ("B",): ["Bob birthday hints", bob_list.key, "bob.walk@example.com", 'site-basket__count">2<'],
        ("staff",): ["Edit this product", 'href="/shop/dashboard/"', "staff.walk@example.com"],
        ("anonymous",): ["Please login to add products to a wish list", 'id="login_link"'],
        ("A", "B", "staff"): ['id="logout_link"'],
        (): ["Ada unpublished verdict"],
    }
    return SimpleNamespace(clients=clients, only_for=only_for, kinds=kinds)


def storefront_urls(kinds):
    pages = [page.url for page in Page.objects.live().public().specific() if page.url and page.depth > 1]
    categories = [category.get_absolute_url() for category in Category.objects.filter(is_public=True)]
    products = [p.get_absolute_url() for p in (kinds.in_stock, kinds.few_left, kinds.sold_out, kinds.parent,
                                               kinds.child)]
    shop = ["/shop/catalogue/", "/shop/catalogue/?sort_by=price-asc", "/search/?q=jam", "/search/?q=linen+apron",
            "/search/autocomplete/?q=ja", "/shop/basket/", "/shop/accounts/login/",
            f"/shop/catalogue/{kinds.in_stock.slug}_{kinds.in_stock.pk}/reviews/"]
    return sorted(set(pages)) + categories + products + shop


def leaks(persona, html, only_for):
    return [(owners, marker) for owners, markers in only_for.items() if persona not in owners
            for marker in markers if marker in html]


def test_no_page_shows_anyone_else_s_data_whoever_comes_first(people):
    urls = storefront_urls(people.kinds)
    assert len(urls) > 20
    found = []
    fetched = 0
    for order in ORDERS:
        cache.clear()
        for url in urls:
            for persona in order:
                response = people.clients[persona].get(url)
                signed_in_to_account = persona != "anonymous" and url.startswith("/shop/accounts/")
                assert response.status_code == (302 if signed_in_to_account else 200), (persona, url)
                fetched += 1
                found += [(persona, url, owners, marker)
                          for owners, marker in leaks(persona, response.content.decode(), people.only_for)]
    assert fetched == len(ORDERS) * len(urls) * 4
    assert not found, "\n".join(f"{p} saw {m!r} (only for {o or 'nobody'}) on {u}" for p, u, o, m in found[:20])


def test_each_person_still_sees_their_own_things_after_someone_else_was_served_first(people):
    kinds = people.kinds
    page = {}
    for persona in ("staff", "B", "anonymous", "A"):  # A last: every fragment was stored by someone else
        page[persona] = {kind: people.clients[persona].get(getattr(kinds, kind).get_absolute_url()).content.decode()
                         for kind in ("in_stock", "few_left", "sold_out")}
    assert "Ada secret larder list" in page["A"]["in_stock"]
    assert 'site-basket__count">7<' in page["A"]["in_stock"]
    assert "You have an active stock alert" in page["A"]["sold_out"]
    assert 'id="alert_form"' in page["B"]["sold_out"] and 'id="alert_form"' in page["anonymous"]["sold_out"]
    assert "Bob birthday hints" in page["B"]["few_left"]
    assert "Edit this product" in page["staff"]["in_stock"]
    assert "Please login to add products to a wish list" in page["anonymous"]["in_stock"]
    # A reviewed it (waiting for moderation), so only B may still write one.
    assert 'id="write_review"' in page["B"]["in_stock"] and 'id="write_review"' not in page["A"]["in_stock"]
    assert 'id="add_to_basket_form"' in page["A"]["in_stock"] and 'id="add_to_basket_form"' in page["B"]["in_stock"]
