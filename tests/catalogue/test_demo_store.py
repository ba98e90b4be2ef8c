"""The demo store command: builds a believable shop once, and changes nothing the second time.

The store is built once for the module (inside a transaction rolled back at the end,
so other test modules never see it); each test runs in its own nested transaction.
"""
from io import StringIO
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count
from django.test import override_settings
from django.urls import reverse
from oscar.core.loading import get_model
from wagtail.models import Page, Site

from commerce.demo.accounts import EDITOR, MERCHANDISER
from content.models import BlogPage, HomePage, PromotionPage

pytestmark = pytest.mark.django_db

Category = get_model("catalogue", "Category")
Product = get_model("catalogue", "Product")
ProductImage = get_model("catalogue", "ProductImage")
StockRecord = get_model("partner", "StockRecord")
Country = get_model("address", "Country")
User = get_user_model()

Order = get_model("order", "Order")

COUNTED = [Category, Product, ProductImage, StockRecord, Country, Page, Site, User, Order]


@pytest.fixture(scope="module")
def demo_store(django_db_setup, django_db_blocker, tmp_path_factory):
    media_root = str(tmp_path_factory.mktemp("demo-media"))
    out = StringIO()
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media_root, DEBUG=False):
        with transaction.atomic():
            call_command("load_demo_store", stdout=out)
            yield SimpleNamespace(media_root=media_root, output=out.getvalue())
            transaction.set_rollback(True)
        Site.clear_site_root_paths_cache()
        cache.clear()


@pytest.fixture
def store(demo_store, settings):
    """The built store, with this test's media root pointed at the store's pictures."""
    settings.MEDIA_ROOT = demo_store.media_root
    return demo_store


def counts():
    return {model.__name__: model.objects.count() for model in COUNTED}


def test_category_tree_has_two_levels_with_descriptions(store):
    roots = Category.get_root_nodes()
    children = Category.objects.filter(depth=2)
    assert Category.objects.count() >= 8
    assert roots.count() >= 2 and children.count() >= 6
    assert not Category.objects.filter(description="").exists()
    assert Category.objects.filter(depth__gt=2).count() == 0


def test_every_product_is_public_with_a_picture_a_price_and_stock(store):
    products = Product.objects.filter(is_public=True).annotate(n_images=Count("images"),
                                                               n_records=Count("stockrecords", distinct=True))
    assert products.count() >= 60
    assert not products.filter(n_images=0).exists()
    # A product sold in versions is priced and stocked by its children (tests/catalogue/test_variants.py).
    assert not products.exclude(structure=Product.PARENT).filter(n_records=0).exists()
    assert not products.filter(parent=None, categories__isnull=True).exists()  # children sit in their parent's
    assert Product.objects.annotate(n=Count("categories")).filter(n__gte=2).exists()

    for image in ProductImage.objects.all():
        assert Path(store.media_root, image.original.name).is_file()
        assert image.display_order == 0

    records = StockRecord.objects.all()
    assert all(r.price > 0 and r.price_currency == "USD" for r in records)
    assert records.filter(num_in_stock=0).count() >= 2
    assert records.filter(num_in_stock__gte=1, num_in_stock__lte=3).count() >= 3
    assert records.filter(num_in_stock__gt=10).count() >= 40
    assert not records.filter(low_stock_threshold__isnull=True).exists()
    assert Country.objects.filter(iso_3166_1_a2="US", is_shipping_country=True).exists()


def test_pages_are_published_and_reachable(store, client):
    home = HomePage.objects.get()
    assert Site.objects.get(is_default_site=True).root_page_id == home.pk
    assert not Page.objects.filter(depth=2).exclude(pk=home.pk).exists()  # the welcome page is gone
    post = BlogPage.objects.live().first()
    promotion = PromotionPage.objects.live().current().get()

    for url in ["/", "/about/", "/delivery/", "/contact/", "/blog/", post.url, "/promotions/", promotion.url]:
        response = client.get(url)
        assert response.status_code == 200, url
    assert "Good things for the kitchen" in client.get("/").content.decode()
    assert post.title in client.get("/blog/").content.decode()
    assert promotion.banner_text in client.get("/promotions/").content.decode()
    menu = set(home.get_children().live().in_menu().values_list("slug", flat=True))
    assert {"about", "contact", "blog", "promotions"} <= menu


def test_running_twice_changes_nothing(store):
    before = counts()
    promotion_dates = PromotionPage.objects.values_list("starts_at", "ends_at").get()
    files_before = sorted(p.name for p in Path(store.media_root).rglob("*") if p.is_file())

    out = StringIO()
    call_command("load_demo_store", stdout=out)

    assert counts() == before
    assert PromotionPage.objects.values_list("starts_at", "ends_at").get() == promotion_dates
    assert sorted(p.name for p in Path(store.media_root).rglob("*") if p.is_file()) == files_before
    assert "already there" in out.getvalue()


def test_quiet_at_verbosity_zero(store):
    out = StringIO()
    call_command("load_demo_store", stdout=out, verbosity=0)
    assert out.getvalue() == ""


def test_progress_is_shown(store):
    assert "Products" in store.output and "64/64" in store.output


def test_no_demo_accounts_without_debug(store, settings):
    settings.DEBUG = False
    out = StringIO()
    call_command("load_demo_store", stdout=out)
    assert not User.objects.filter(email__in=[MERCHANDISER.email, EDITOR.email]).exists()
    assert "skipped" in out.getvalue()
    assert MERCHANDISER.password not in out.getvalue()


def test_demo_accounts_open_the_back_offices_in_debug(store, settings, client):
    settings.DEBUG = True
    out = StringIO()
    call_command("load_demo_store", stdout=out)
    assert f"{MERCHANDISER.email}  password {MERCHANDISER.password}" in out.getvalue()
    assert EDITOR.password in out.getvalue()

    assert client.login(username=MERCHANDISER.email, password=MERCHANDISER.password)
    assert client.get("/shop/dashboard/").status_code == 200
    for name in ["dashboard:catalogue-product-list", "dashboard:catalogue-category-list",
                 "dashboard:stock-alert-list", "dashboard:order-list"]:
        assert client.get(reverse(name)).status_code == 200, name
    client.logout()

    assert client.login(username=EDITOR.email, password=EDITOR.password)
    assert client.get("/cms/").status_code == 200
    assert client.get("/shop/dashboard/").status_code != 200  # editors don't run the shop

    # A second run keeps the accounts (and their passwords) as they are.
    before = counts()
    call_command("load_demo_store", stdout=StringIO())
    assert counts() == before
