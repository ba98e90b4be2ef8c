"""The shipped email through a real Celery worker, real Redis and a real SMTP server.

Given a worker consuming from Redis and an SMTP sink, when a merchandiser marks an order
Processing and then Shipped with a tracking number (the Shipped form sent twice), then
the customer receives one "being prepared" and one "has shipped" email with the carrier's
tracking link, in plain text and HTML.
"""
import pytest
from oscar.core.loading import get_model

from outbox.models import OutgoingEmail
from tests import services
from tests.factories import place_order

Order = get_model("order", "Order")

pytestmark = pytest.mark.django_db(transaction=True)


def test_shipped_email_is_delivered_by_the_worker_once(django_app, worker, merchandiser):
    order = place_order(guest_email="grace@example.com")
    django_app.set_user(merchandiser)
    url = f"/shop/dashboard/orders/{order.number}/"

    form = django_app.get(url).forms["order_status_form"]
    form["new_status"] = "Processing"
    form.submit()
    form = django_app.get(url).forms["order_status_form"]
    form["new_status"], form["carrier"], form["tracking_number"] = "Shipped", "fedex", "7712 3456 7890"
    form.submit()
    form.submit()  # sent twice

    services.wait_for(lambda: len(worker.received) >= 2)
    services.wait_for(lambda: OutgoingEmail.objects.filter(status="sent").count() == 2)
    by_subject = {m["Subject"]: m for m in worker.received}
    assert set(by_subject) == {f"Order {order.number} is being prepared", f"Order {order.number} has shipped"}
    shipped = by_subject[f"Order {order.number} has shipped"]
    assert shipped["To"] == "grace@example.com"
    link = "https://www.fedex.com/fedextrack/?trknbr=7712%203456%207890"
    assert link in shipped.get_body(preferencelist=("plain",)).get_content()
    assert f'href="{link}"' in shipped.get_body(preferencelist=("html",)).get_content()
    assert len(worker.received) == 2
    assert Order.objects.get().status == "Shipped"
