"""A change forgets the pages that show what changed, and only those.

Page and fragment caches on, as in production; every change is made inside `committed()`,
so pages are forgotten exactly when a real commit would forget them. Each anonymous
visit is a new visitor (a product page seen first would list under "recently viewed").
"""
from decimal import Decimal

import pytest
from django.test import Client, RequestFactory
from oscar.apps.catalogue.categories import create_from_breadcrumbs

from content.models import StandardPage
from pagecache import labels, store
from tests.cached import visit
from tests.factories import grid_block, make_product, product_block, publish

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("caches_on")]




def kept(*urls):
    for url in urls:
        visit(url)
        assert visit(url)[0] == "hit", url


@pytest.fixture
def linens(db):
    category = create_from_breadcrumbs("Home > Linens")
    return category, make_product("Linen napkins", "18.00", category=category)


def test_a_change_to_one_product_forgets_its_pages_and_listings_and_keeps_everything_else(
        category, products, linens, committed):
    jam, marmalade = products[0], products[1]
    linen_category, napkins = linens
    pantry = category.get_parent()
    showing_jam = [jam.get_absolute_url(), category.get_absolute_url(), pantry.get_absolute_url(), "/shop/catalogue/"]
    not_showing_jam = [marmalade.get_absolute_url(), napkins.get_absolute_url(), linen_category.get_absolute_url()]
    kept(*showing_jam, *not_showing_jam)

    with committed():
        jam.title = "Damson jam, small batch"
        jam.save()

    for url in showing_jam:  # its page, its category, the category above, the whole catalogue
        answer, html = visit(url)
        assert answer == "miss" and "Damson jam, small batch" in html, url
    for url in not_showing_jam:
        assert visit(url)[0] == "hit", url


def test_a_price_change_reaches_every_page_that_shows_the_price(
        category, products, home, standard_page, shopper_client, committed):
    jam = products[0]
    home.body = [product_block(jam, note="Our best seller")]
    home.save_revision().publish()
    grid_page = publish(home, StandardPage(title="Gifts", slug="gifts", body=[grid_block("Pantry", category=category,
                                                                                         source="category")]))
    with committed():
        shopper_client.post(f"/shop/basket/add/{jam.pk}/", {"quantity": 2})
    pages = [jam.get_absolute_url(), category.get_absolute_url(), category.get_parent().get_absolute_url(),
             "/shop/catalogue/", home.url, grid_page.url]
    kept(*pages, standard_page.url)
    search = "/search/?q=damson"
    for client in (Client(), shopper_client):
        assert "6.50" in visit(search, client)[1]
    assert "13.00" in visit("/shop/basket/", shopper_client)[1]

    record = jam.stockrecords.get()
    with committed():
        record.price = Decimal("4.80")
        record.save()

    for url in pages:  # the product, listings, the catalogue, a product block, a category grid
        answer, html = visit(url)
        assert answer == "miss" and "4.80" in html and "6.50" not in html, url
    for client in (Client(), shopper_client):  # search answers, anonymous and signed in
        html = visit(search, client)[1]
        assert "4.80" in html and "6.50" not in html
    basket = visit("/shop/basket/", shopper_client)[1]  # the basket page and its header
    assert "9.60" in basket and "13.00" not in basket
    assert visit(standard_page.url)[0] == "hit"  # it shows no price


def test_a_product_back_in_stock_joins_the_in_stock_listing_at_once(category, products, committed):
    quince = products[2].stockrecords.get()  # Quince paste, 2 in stock
    with committed():
        quince.allocate(2)
    in_stock = category.get_absolute_url() + "?in_stock=1"
    kept(in_stock)
    assert "Quince paste" not in visit(in_stock)[1]
    with committed():
        quince.cancel_allocation(2)  # the order was cancelled
    assert "Quince paste" in visit(in_stock)[1]


def test_fewer_left_forgets_the_pages_showing_the_product_and_keeps_the_rest(category, products, linens, committed):
    quince = products[2]  # 2 in stock: "Only 2 left"
    _, napkins = linens
    kept(quince.get_absolute_url(), category.get_absolute_url(), napkins.get_absolute_url())
    with committed():
        quince.stockrecords.get().allocate(1)
    for url in (quince.get_absolute_url(), category.get_absolute_url()):
        assert "Only 1 left" in visit(url)[1], url
    assert visit(napkins.get_absolute_url())[0] == "hit"


def test_a_post_edit_reaches_the_post_the_journal_and_the_home_page_and_keeps_other_pages(
        home, blog, post, standard_page, category, products, committed):
    showing_post = [post.url, blog.url, home.url]
    not_showing_post = [standard_page.url, category.get_absolute_url(), products[0].get_absolute_url()]
    kept(*showing_post, *not_showing_post)

    with committed():
        post.intro = "Bitter oranges arrive in January."
        post.save_revision().publish()

    for url in showing_post:
        answer, html = visit(url)
        assert answer == "miss" and "Bitter oranges arrive in January." in html, url
    for url in not_showing_post:
        assert visit(url)[0] == "hit", url


def test_renaming_a_page_in_the_menu_reaches_every_page_with_the_menu(home, standard_page, category, products,
                                                                     committed):
    pages = [home.url, category.get_absolute_url(), products[0].get_absolute_url()]
    kept(*pages)
    with committed():
        standard_page.title = "About the shop"
        standard_page.save_revision().publish()
    for url in pages:
        assert "About the shop" in visit(url)[1], url


def test_counting_an_offers_use_forgets_nothing_but_editing_the_offer_forgets_everything(category, products,
                                                                                        committed):
    from oscar.test.factories import ConditionalOfferFactory

    offer = ConditionalOfferFactory(name="Autumn larder")
    url = category.get_absolute_url()
    kept(url)
    with committed():
        offer.record_usage({"freq": 1, "discount": Decimal("1.50")})  # what placing an order with it does
    assert visit(url)[0] == "hit"
    with committed():
        offer.name = "Winter larder"
        offer.save()
    assert visit(url)[0] == "miss"


def test_a_render_that_overlaps_a_change_to_what_it_shows_keeps_nothing():
    request = RequestFactory().get("/shop/catalogue/")
    shown = {labels.product(1)}
    store.begin(request)
    assert store.stamp(request, shown) is not None  # nothing changed: this render may be kept

    later = RequestFactory().get("/shop/catalogue/")
    store.begin(later)
    store.forget_labels(shown)  # the product changes while `later` renders
    assert store.stamp(later, shown) is None
    assert store.stamp(later, {labels.product(2)}) is None  # first seen after a change: not kept either

    afterwards = RequestFactory().get("/shop/catalogue/")
    store.begin(afterwards)
    stamped = store.stamp(afterwards, shown)
    assert stamped is not None and store.is_current(afterwards, stamped)
    store.forget_labels(shown)
    assert not store.is_current(RequestFactory().get("/"), stamped)


def test_a_variants_new_price_reaches_its_parents_page_and_card(category, committed):
    from oscar.test import factories

    apron = factories.create_product(title="Linen apron", structure="parent")
    apron.categories.add(category)
    variants = [factories.create_product(title=f"Linen apron, {colour}", parent=apron, price=Decimal("24.00"),
                                         num_in_stock=5) for colour in ("flax", "indigo")]
    pages = [apron.get_absolute_url(), category.get_absolute_url()]
    kept(*pages)
    for variant in variants:  # each its own commit: the parent shows the price of one of them
        with committed():
            record = variant.stockrecords.get()
            record.price = Decimal("19.50")
            record.save()
    for url in pages:
        answer, html = visit(url)
        assert answer == "miss" and "19.50" in html and "24.00" not in html, url


def test_a_deleted_product_leaves_its_listings_at_once(category, products, committed):
    url = category.get_absolute_url()
    assert "Seville marmalade" in visit(url)[1]
    kept(url)
    with committed():
        products[1].delete()
    assert "Seville marmalade" not in visit(url)[1]
