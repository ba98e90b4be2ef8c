"""Product views are still counted for the customer report, but after the page is sent."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from oscar.core.loading import get_model

from tests.emails.workers import celery_app, use_broker

pytestmark = pytest.mark.django_db
ProductRecord = get_model("analytics", "ProductRecord")
UserProductView = get_model("analytics", "UserProductView")


def test_viewing_a_product_writes_nothing_while_the_shopper_waits(shopper_client, products):
    url = products[0].get_absolute_url()
    shopper_client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        assert shopper_client.get(url).status_code == 200
    writes = [q["sql"] for q in ctx.captured_queries if q["sql"].startswith(("UPDATE", "INSERT"))]
    assert not [sql for sql in writes if "analytics_" in sql]
    assert not ProductRecord.objects.exists()  # the test transaction never committed


def test_views_are_counted_once_the_view_commits(shopper_client, products, committed):
    from django.test import Client

    url = products[0].get_absolute_url()
    with committed():
        shopper_client.get(url)
    with committed():
        Client().get(url)  # an anonymous visitor counts for the product, not for anyone
    assert ProductRecord.objects.get(product=products[0]).num_views == 2
    assert UserProductView.objects.filter(product=products[0], user__email="ada@example.com").count() == 1


def test_with_the_broker_down_the_product_page_still_answers_and_the_count_is_dropped(
        shopper_client, products, committed, caplog):

    saved = celery_app.conf.broker_url, celery_app.conf.task_always_eager
    use_broker("redis://127.0.0.1:1/0")  # nothing listens there
    try:
        with committed():
            response = shopper_client.get(products[0].get_absolute_url())
    finally:
        use_broker(*saved)
    assert response.status_code == 200
    assert not ProductRecord.objects.exists()
    assert "a product-view count is lost" in caplog.text
