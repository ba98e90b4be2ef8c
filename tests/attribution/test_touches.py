"""Where a basket add came from: recorded only for real pages and blocks, kept within the window.

A shopper's add from a post's product block leaves one touch naming the post and the
block. A tampered form (a made-up token, a signed token naming a page that doesn't exist
or a block type the page can't hold) still adds to the basket, records nothing and never
errors. An order keeps only the touches of the attribution window; a guest who signs in keeps
theirs.
"""
import datetime as dt

import pytest
from oscar.core.loading import get_model

from attribution.models import BasketTouch, LineAttribution
from attribution.placing import attribute_order_lines
from attribution.touches import touch_token
from tests.factories import product_block, record_order

Line = get_model("basket", "Line")

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("caches_on")]


@pytest.fixture
def post_selling_jam(post, products):
    post.body = [product_block(products[0])]
    post.save_revision().publish()
    return post


def add_form(django_app, url, product):
    page = django_app.get(url)
    return next(f for f in page.forms.values() if f.action == f"/shop/basket/add/{product.pk}/")


def test_an_add_from_a_product_block_records_the_page_and_block(django_app, post_selling_jam, products):
    response = add_form(django_app, post_selling_jam.url, products[0]).submit()
    assert response.status_code == 302
    [touch] = BasketTouch.objects.all()
    assert (touch.page_id, touch.block_type, touch.product_id) == (post_selling_jam.pk, "product", products[0].pk)


@pytest.mark.parametrize("forged", ["5:product", "not-a-token", "", "999999:product:bad-signature"])
def test_a_forged_token_adds_to_the_basket_and_records_nothing(django_app, post_selling_jam, products, forged):
    form = add_form(django_app, post_selling_jam.url, products[0])
    form["touch"].force_value(forged)
    response = form.submit()
    assert response.status_code == 302
    assert [line.product_id for line in Line.objects.all()] == [products[0].pk]
    assert not BasketTouch.objects.exists()


def test_a_signed_token_for_an_unknown_page_or_block_type_records_nothing(django_app, post_selling_jam, products):
    for token in (touch_token(999999, "product"), touch_token(post_selling_jam.pk, "recipe_of_the_week")):
        form = add_form(django_app, post_selling_jam.url, products[0])
        form["touch"].force_value(token)
        assert form.submit().status_code == 302
    assert Line.objects.get().quantity == 2
    assert not BasketTouch.objects.exists()


def test_an_order_keeps_only_touches_inside_the_window(settings, post, products):
    settings.ATTRIBUTION_WINDOW_DAYS = 30
    jam, marmalade = products[0], products[1]
    order, _ = record_order("W1", dt.datetime(2026, 11, 30, 12, tzinfo=dt.UTC), [(jam, 1, "6.50"),
                                                                                (marmalade, 1, "7.25")])
    order.basket = get_model("basket", "Basket").objects.create()
    order.save()
    for product, block, days_before in [(jam, "product_grid", 31), (jam, "product", 29), (jam, "product_grid", 2),
                                        (marmalade, "product", 45)]:
        touch = BasketTouch.objects.create(basket=order.basket, page=post, block_type=block, product=product)
        BasketTouch.objects.filter(pk=touch.pk).update(created_at=order.date_placed - dt.timedelta(days=days_before))

    attribute_order_lines(sender=None, order=order)

    [kept] = LineAttribution.objects.all()
    assert kept.line.product_id == jam.pk
    assert (kept.first_block_type, kept.last_block_type) == ("product", "product_grid")


def test_a_guests_touches_follow_the_basket_into_their_account_when_they_sign_in(django_app, post_selling_jam,
                                                                                   products, shopper):
    add_form(django_app, post_selling_jam.url, products[0]).submit()
    django_app.set_user(shopper)
    django_app.get("/shop/basket/")  # signing in merges the guest's basket into the account's

    [touch] = BasketTouch.objects.select_related("basket")
    assert touch.basket.owner == shopper and touch.basket.status == "Open"
    assert [line.product_id for line in touch.basket.lines.all()] == [products[0].pk]
