"""A shoppable recipe: one button, without JavaScript, puts every ingredient in the basket.

Sold-out ingredients are swapped (the editor's alternative, else the nearest match in the
category) and the shopper is told; the page stays cached for everyone, and what goes in
the basket is read from the published page, never from the form.
"""
from decimal import Decimal

import pytest
from django.utils import timezone
from oscar.apps.catalogue.categories import create_from_breadcrumbs
from oscar.core.loading import get_class, get_model
from oscar.test import factories

from commerce.offer.models import request_scope
from tests.factories import make_product, make_variant_product, recipe_block

Basket = get_model("basket", "Basket")
Applicator = get_class("offer.applicator", "Applicator")
Selector = get_class("partner.strategy", "Selector")

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("caches_on")]

ADD = "/shop/recipe/add/"


@pytest.fixture
def pantry(category):
    """A preserves shelf where honey and damson jam are sold out (and decoys a swap must pass over)."""
    linens = create_from_breadcrumbs("Kitchen > Linens")
    shelf = {
        "marmalade": make_product("Seville marmalade", "8.50", category=category),
        "honey": make_product("Wildflower honey", "12.00", stock=0, category=category),
        "curd": make_product("Lemon curd", "6.50", stock=10, category=category),
        "damson": make_product("Damson jam", "7.25", stock=0, category=category),
        "chutney": make_product("Apple chutney", "6.80", stock=10, category=category),
        # closer in price than the chutney, but hidden, sold out, or on another shelf
        "hidden": make_product("Strawberry jam", "7.20", category=category, is_public=False),
        "plum": make_product("Plum jam", "7.25", stock=0, category=category),
        "towel": make_product("Tea towel", "7.25", category=linens),
    }
    return shelf


@pytest.fixture
def bundle(pantry):
    """The merchandiser's bundle offer: 10% off when the marmalade, curd and chutney are all in the basket."""
    deal = factories.RangeFactory(name="Breakfast bundle range")
    for key in ("marmalade", "curd", "chutney"):
        deal.add_product(pantry[key])
    return factories.ConditionalOfferFactory(
        name="Breakfast bundle: 10% off", description="<p>Buy the whole breakfast and save.</p>", offer_type="Site",
        condition=factories.ConditionFactory(range=deal, type="Coverage", value=3),
        benefit=factories.BenefitFactory(range=deal, type="Percentage", value=Decimal("10")))


@pytest.fixture
def recipe_post(post, pantry, bundle):
    post.body = [recipe_block("Breakfast on the table", [
        (pantry["marmalade"], 2),
        (pantry["honey"], 1, pantry["curd"]),  # sold out, with the editor's alternative
        (pantry["damson"], 3),  # sold out, no alternative: the nearest match
    ], method="<p>Warm the toast, open the jars.</p>", offer=bundle)]
    post.save_revision().publish()
    post.refresh_from_db()
    return post


def recipe_form(page):
    return next(f for f in page.forms.values() if f.action == ADD)


def basket_of(app):
    """The basket whose cookie this browser holds, priced as the shop prices it."""
    basket = Basket.objects.get(pk=int(app.cookies["oscar_open_basket"].strip('"').split(":")[0]))
    basket.strategy = Selector().strategy()
    return basket


def contents(basket):
    return sorted((line.product.get_title(), line.quantity) for line in basket.all_lines())


def test_a_shopper_without_javascript_adds_the_whole_recipe_with_swaps_named(django_app, recipe_post):
    page = django_app.get(recipe_post.url)
    assert "Breakfast on the table" in page.text and "Warm the toast" in page.text
    assert "we add Lemon curd instead" in page.text  # the sold-out honey says what replaces it

    landed = recipe_form(page).submit().follow()

    assert contents(basket_of(django_app)) == [("Apple chutney", 3), ("Lemon curd", 1), ("Seville marmalade", 2)]
    told = landed.text.replace("&#x27;", "'")
    assert "Wildflower honey is sold out, so we added Lemon curd instead (the recipe's alternative)." in told
    assert "Damson jam is sold out, so we added Apple chutney instead (the closest match we have)." in told
    assert "6 items added to your basket" in landed.text
    assert landed.request.path == recipe_post.url


def test_the_form_holds_only_the_page_and_the_block(django_app, recipe_post):
    form = recipe_form(django_app.get(recipe_post.url))
    assert sorted(name for name in form.fields if name) == ["block", "csrfmiddlewaretoken", "page"]
    assert form["page"].value == str(recipe_post.pk)
    assert form["block"].value == recipe_post.body[0].id


def test_quantities_come_from_the_published_page_not_the_post(django_app, recipe_post, pantry):
    form = recipe_form(django_app.get(recipe_post.url))
    response = django_app.post(ADD, {"page": form["page"].value, "block": form["block"].value, "quantity": "50",
                                     "product": str(pantry["towel"].pk),
                                     "csrfmiddlewaretoken": form["csrfmiddlewaretoken"].value})
    assert response.status_code == 302
    assert contents(basket_of(django_app)) == [("Apple chutney", 3), ("Lemon curd", 1), ("Seville marmalade", 2)]


def test_the_page_is_served_from_the_cache_and_each_shopper_gets_a_basket_of_their_own(
        django_app, django_app_factory, recipe_post):
    django_app.get(recipe_post.url)  # renders it into the cache
    first = django_app_factory()
    page = first.get(recipe_post.url)
    assert page.headers["X-Page-Cache"] == "hit"
    recipe_form(page).submit()

    second = django_app_factory()
    page = second.get(recipe_post.url)
    assert page.headers["X-Page-Cache"] == "hit"  # the first shopper's add changed nothing shared
    assert "so we added" not in page.text  # nothing of the first shopper's (their notices) is shown to the next
    recipe_form(page).submit()

    mine, theirs = basket_of(first), basket_of(second)
    assert mine.pk != theirs.pk
    assert contents(mine) == contents(theirs) == [("Apple chutney", 3), ("Lemon curd", 1), ("Seville marmalade", 2)]


@pytest.mark.parametrize("page_id, block_id, status", [
    ("self", "00000000-0000-4000-8000-000000000000", 404),  # a block that isn't on the page
    ("999999", "self", 404),  # a page that doesn't exist
    ("self", "not-a-block", 400),
    ("12; drop", "self", 400),
])
def test_a_forged_page_or_block_is_refused_with_a_clear_message(django_app, recipe_post, page_id, block_id, status):
    form = recipe_form(django_app.get(recipe_post.url))
    data = {"page": form["page"].value if page_id == "self" else page_id,
            "block": form["block"].value if block_id == "self" else block_id,
            "csrfmiddlewaretoken": form["csrfmiddlewaretoken"].value}
    response = django_app.post(ADD, data, status=status)
    assert "We can't find that recipe" in response.text
    assert not Basket.objects.filter(lines__isnull=False).exists()


def test_a_recipe_only_in_a_draft_or_on_an_unpublished_page_adds_nothing(django_app, recipe_post, pantry):
    form = recipe_form(django_app.get(recipe_post.url))
    block_id = form["block"].value
    recipe_post.unpublish()
    response = django_app.post(ADD, {"page": str(recipe_post.pk), "block": block_id,
                                     "csrfmiddlewaretoken": form["csrfmiddlewaretoken"].value}, status=404)
    assert "no longer on the page" in response.text
    assert not Basket.objects.filter(lines__isnull=False).exists()


def test_the_bundle_offer_shows_while_it_runs_and_its_discount_applies_to_the_whole_recipe(django_app, recipe_post):
    page = django_app.get(recipe_post.url)
    assert "Breakfast bundle: 10% off" in page.text and "Buy the whole breakfast and save." in page.text

    recipe_form(page).submit()

    basket = basket_of(django_app)
    with request_scope():
        Applicator().apply(basket)
    # 2 × 8.50 + 1 × 6.50 + 3 × 6.80 = 43.90, and 10% of each line off
    assert basket.total_excl_tax_excl_discounts == Decimal("43.90")
    assert basket.total_discount == Decimal("4.39")
    assert [offer.name for offer in basket.applied_offers().values()] == ["Breakfast bundle: 10% off"]
    summary = django_app.get("/shop/basket/")
    assert "Breakfast bundle: 10% off" in summary.text and "$39.51" in summary.text


def test_an_ended_offer_is_not_shown(django_app, recipe_post, bundle):
    bundle.end_datetime = timezone.now() - timezone.timedelta(days=1)
    bundle.save()
    assert "Breakfast bundle" not in django_app.get(recipe_post.url).text


def test_a_cached_recipe_page_is_kept_no_longer_than_its_offer_runs(client, recipe_post, bundle):
    from pagecache.middleware import seconds_to_keep

    bundle.end_datetime = timezone.now() + timezone.timedelta(seconds=90)
    bundle.save()
    assert 0 < seconds_to_keep() <= 90  # the page cache forgets the page when the offer ends


def test_the_page_names_an_alternative_only_while_it_can_be_bought(django_app, recipe_post, pantry, committed):
    assert "we add Lemon curd instead" in django_app.get(recipe_post.url).text
    record = pantry["curd"].stockrecords.get()
    record.num_in_stock = 0
    with committed():
        record.save()
    page = django_app.get(recipe_post.url)
    assert "we add Lemon curd instead" not in page.text and "Sold out" in page.text

    landed = recipe_form(page).submit().follow()
    # the honey (12.00) goes in as its nearest match in stock now, the marmalade (8.50)
    assert contents(basket_of(django_app)) == [("Apple chutney", 3), ("Seville marmalade", 3)]
    assert "Wildflower honey is sold out, so we added Seville marmalade instead" in landed.text


def test_a_line_with_nothing_in_stock_to_swap_is_skipped_with_a_notice(django_app, post, category):
    only = make_product("Medlar jelly", "9.00", stock=0, category=category)
    kept = make_product("Oatcakes", "3.00", category=create_from_breadcrumbs("Pantry > Biscuits"))
    post.body = [recipe_block("Cheese board", [(kept, 1), (only, 1)])]
    post.save_revision().publish()

    landed = recipe_form(django_app.get(post.url)).submit().follow()

    assert contents(basket_of(django_app)) == [("Oatcakes", 1)]
    assert "Medlar jelly is sold out and we have nothing like it in stock, so it was left out." in landed.text


def test_a_product_sold_in_versions_goes_in_as_its_first_version_in_stock(django_app, post, category):
    apron, (small, large) = make_variant_product("Linen apron", "size", [("Small", "20.00", 0), ("Large", "22.00", 5)],
                                                 category=category)
    post.body = [recipe_block("Baking day", [(apron, 1)])]
    post.save_revision().publish()

    recipe_form(django_app.get(post.url)).submit().follow()

    assert [(line.product_id, line.quantity) for line in basket_of(django_app).all_lines()] == [(large.pk, 1)]
