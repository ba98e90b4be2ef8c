"""Shoppable blocks show today's price and stock, sell from the page, and cost a fixed number of queries."""
import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from oscar.core.loading import get_model

from content.models import PromotionPage
from tests.factories import grid_block, make_product, product_block, publish

Line = get_model("basket", "Line")

pytestmark = pytest.mark.django_db


def add_to_basket_from(django_app, url, product):
    page = django_app.get(url)
    form = next(f for f in page.forms.values() if f.action == f"/shop/basket/add/{product.pk}/")
    return form.submit()


def test_dashboard_price_and_stock_changes_show_on_a_blog_post_without_republishing(django_app, client, merchandiser,
                                                                                    post, products, committed):
    jam = products[0]
    post.body = [product_block(jam, note="Spread it thick")]
    post.save_revision().publish()
    revisions = post.revisions.count()
    before = client.get(post.url).content.decode()
    assert "$6.50" in before and "In stock" in before

    django_app.set_user(merchandiser)
    form = django_app.get(f"/shop/dashboard/catalogue/products/{jam.pk}/").forms["create_update_product_form"]
    form["stockrecords-0-price"] = "8.40"
    form["stockrecords-0-num_in_stock"] = "3"
    with committed():
        form.submit().maybe_follow()

    after = client.get(post.url).content.decode()
    assert "$8.40" in after and "$6.50" not in after
    assert "Only 3 left" in after
    assert post.revisions.count() == revisions  # nobody republished the post

    form = django_app.get(f"/shop/dashboard/catalogue/products/{jam.pk}/").forms["create_update_product_form"]
    form["stockrecords-0-num_in_stock"] = "0"
    with committed():
        form.submit().maybe_follow()
    sold_out = client.get(post.url).content.decode()
    assert "Out of stock" in sold_out and "Sold out" in sold_out


def test_shopper_adds_a_product_from_a_blog_post_and_returns_to_it(django_app, post, products):
    post.body = [grid_block("Try these", products=products[:2])]
    post.save_revision().publish()
    response = add_to_basket_from(django_app, post.url, products[1])
    assert response.status_code == 302 and response.location.endswith(post.url)
    page = response.follow()
    assert "A morning at the marmalade kitchen" in page.text
    assert "<strong>Seville marmalade</strong> has been added to your" in page.text  # "cart" in en-us
    assert [(line.product_id, line.quantity) for line in Line.objects.all()] == [(products[1].pk, 1)]
    assert '<span class="site-basket__count">1<' in page.text


def test_shopper_adds_a_promoted_product_from_a_promotion_page(django_app, promotions, products):
    now = timezone.now()
    promotion = publish(promotions, PromotionPage(
        title="Jam week", slug="jam-week", banner_text="All jams, one week",
        starts_at=now - datetime.timedelta(hours=1), ends_at=now + datetime.timedelta(days=7),
        products=[{"type": "product", "value": products[0].pk}]))
    response = add_to_basket_from(django_app, promotion.url, products[0])
    assert response.location.endswith(promotion.url)
    assert "Damson jam" in response.follow().text
    assert Line.objects.get().product_id == products[0].pk


def test_a_post_with_many_products_costs_the_same_queries_as_one_with_few(client, post, category):
    many = [make_product(f"Jar {i}", "4.00", category=category) for i in range(12)]

    def queries_with(chosen):
        post.body = [product_block(chosen[0]), grid_block("Picked", products=chosen),
                     grid_block("Aisle", category=category, source="category", limit=len(chosen))]
        post.save_revision().publish()
        client.get(post.url)  # warm the per-process caches (site root, category URLs)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(post.url).status_code == 200
        return len(ctx.captured_queries)

    assert queries_with(many[:2]) == queries_with(many)
