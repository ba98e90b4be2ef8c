"""The after-sale workflow in the dashboard: statuses along the pipeline, tracking, emails.

Given placed orders, when a merchandiser changes their status on the order page or in
bulk from the order list, then only the pipeline's transitions happen (others are refused
with the reason and a 400), Shipped needs a carrier and tracking number, each change is on
the timeline with who made it, cancelling releases the stock, and the customer gets one
email per change however often the form is sent.
"""
import pytest
from bs4 import BeautifulSoup
from django.core import mail
from oscar.core.loading import get_model

from outbox.models import OutgoingEmail
from tests.factories import make_product, place_order

from .dashboard import change_on_dashboard, status_form

Order = get_model("order", "Order")

pytestmark = pytest.mark.django_db


def text(response):
    """The page's words as a reader sees them (entities decoded, whitespace collapsed)."""
    return " ".join(BeautifulSoup(response.content, "html.parser").get_text().split())


def test_an_order_goes_from_pending_to_delivered_with_tracking_and_one_email_per_step(
        dashboard, merchandiser, django_capture_on_commit_callbacks):
    order = place_order()

    with django_capture_on_commit_callbacks(execute=True):
        assert change_on_dashboard(dashboard, order, "Processing").status_code == 302
        shipped = change_on_dashboard(dashboard, order, "Shipped", carrier="ups", tracking_number="1Z999AA10123456784")
        assert shipped.status_code == 302
        assert change_on_dashboard(dashboard, order, "Delivered").status_code == 302

    order.refresh_from_db()
    assert order.status == "Delivered"
    assert order.tracking_url == "https://www.ups.com/track?tracknum=1Z999AA10123456784"
    steps = list(order.status_changes.order_by("date_created", "pk"))
    assert [(s.old_status, s.new_status, s.changed_by) for s in steps] == [
        ("Pending", "Processing", merchandiser), ("Processing", "Shipped", merchandiser),
        ("Shipped", "Delivered", merchandiser)]
    assert steps[1].note == "UPS 1Z999AA10123456784"

    processing, shipped, delivered = mail.outbox
    assert all(m.to == ["guest@example.com"] for m in mail.outbox)
    assert processing.subject == f"Order {order.number} is being prepared"
    assert shipped.subject == f"Order {order.number} has shipped"
    assert "Tracking number: 1Z999AA10123456784" in shipped.body
    assert "https://www.ups.com/track?tracknum=1Z999AA10123456784" in shipped.body
    html, mimetype = shipped.alternatives[0]
    assert mimetype == "text/html" and 'href="https://www.ups.com/track?tracknum=1Z999AA10123456784"' in html
    assert delivered.subject == f"Order {order.number} has been delivered"
    assert set(OutgoingEmail.objects.values_list("kind", flat=True)) == {
        "ORDER_PROCESSING", "ORDER_SHIPPED", "ORDER_DELIVERED"}

    timeline = dashboard.get(f"/shop/dashboard/orders/{order.number}/").html.select_one(".order-timeline").text
    assert "Shipped — UPS 1Z999AA10123456784" in " ".join(timeline.split())
    assert timeline.count(f"by {merchandiser.email}") == 3


def test_the_same_status_change_submitted_twice_emails_once(dashboard, django_capture_on_commit_callbacks):
    order = place_order()
    form = status_form(dashboard, order)
    form["new_status"] = "Processing"

    with django_capture_on_commit_callbacks(execute=True):
        first = form.submit()
        second = form.submit()  # the same page's form, sent again

    assert first.status_code == second.status_code == 302
    assert "already Processing; nothing changed" in second.follow().text
    assert order.status_changes.count() == 1
    assert len(mail.outbox) == 1 and OutgoingEmail.objects.count() == 1


def test_shipping_without_a_tracking_number_is_refused(dashboard):
    order = place_order(status="Processing")

    response = change_on_dashboard(dashboard, order, "Shipped", carrier="ups", tracking_number="")
    assert response.status_code == 400
    assert "Enter the parcel's tracking number" in text(response)
    response = change_on_dashboard(dashboard, order, "Shipped", carrier="", tracking_number="1Z999AA10123456784")
    assert response.status_code == 400
    assert "Choose the carrier the parcel left with (UPS, USPS, FedEx, DHL)" in text(response)

    order.refresh_from_db()
    assert (order.status, order.tracking_number) == ("Processing", "")
    assert not OutgoingEmail.objects.exists()


def test_a_transition_outside_the_pipeline_is_refused_with_the_reason(client, merchandiser):
    delivered = place_order(status="Delivered")
    pending = place_order(status="Pending")
    client.force_login(merchandiser)

    response = client.post(f"/shop/dashboard/orders/{delivered.number}/",
                           {"order_action": "change_order_status", "new_status": "Pending"})
    assert response.status_code == 400
    assert f"Order {delivered.number} is Delivered, a final status: it can't be changed to Pending." in text(response)

    response = client.post(f"/shop/dashboard/orders/{pending.number}/",
                           {"order_action": "change_order_status", "new_status": "Delivered"})
    assert response.status_code == 400
    assert (f"Order {pending.number} can't go from Pending to Delivered; from Pending it can only become "
            "Processing or Cancelled.") in text(response)

    assert [o.status for o in Order.objects.order_by("pk")] == ["Delivered", "Pending"]
    assert not OutgoingEmail.objects.exists()


def test_bulk_change_moves_the_orders_it_may_and_names_those_it_may_not(dashboard, merchandiser):
    first, second = place_order(), place_order(guest_email="other@example.com")
    done = place_order(status="Delivered")

    page = dashboard.get("/shop/dashboard/orders/")
    form = page.forms["orders_form"]
    for field in form.fields["selected_order"]:
        field.checked = True
    form["new_status"] = "Processing"
    page = form.submit("action", value="change_order_statuses").follow()

    assert f"Changed to Processing: {first.number}, {second.number}." in page.text or \
        f"Changed to Processing: {second.number}, {first.number}." in page.text
    assert f"Order {done.number} is Delivered, a final status" in text(page)
    assert [o.status for o in Order.objects.order_by("pk")] == ["Processing", "Processing", "Delivered"]
    assert {c.changed_by for c in first.status_changes.all()} == {merchandiser}
    assert OutgoingEmail.objects.filter(kind="ORDER_PROCESSING").count() == 2


def test_bulk_shipping_is_refused_because_each_parcel_needs_its_tracking_number(dashboard):
    order = place_order(status="Processing")
    page = dashboard.get("/shop/dashboard/orders/")
    form = page.forms["orders_form"]
    form.get("selected_order", index=0).checked = True
    form["new_status"] = "Shipped"
    page = form.submit("action", value="change_order_statuses").follow()
    assert "mark orders Shipped one at a time" in page.text
    order.refresh_from_db()
    assert order.status == "Processing"


def test_cancelling_releases_stock_and_emails_the_customer(dashboard, shopper, django_capture_on_commit_callbacks):
    product = make_product("Quince paste", "9.00", stock=5)
    order = place_order((product, 3), user=shopper)
    record = product.stockrecords.get()
    assert record.num_allocated == 3

    with django_capture_on_commit_callbacks(execute=True):
        assert change_on_dashboard(dashboard, order, "Cancelled").status_code == 302

    record.refresh_from_db()
    assert record.num_allocated == 0
    [email] = mail.outbox
    assert email.to == [shopper.email]
    assert email.subject == f"Order {order.number} has been cancelled"
    assert f"/shop/accounts/orders/{order.number}/" in email.body
