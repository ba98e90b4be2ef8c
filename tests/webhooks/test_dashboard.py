"""Merchandisers change and delete endpoints; a switched-off or deleted endpoint is sent nothing more.

Given a registered endpoint, when a merchandiser unsubscribes it from an event or switches
it off in the dashboard, then that event no longer reaches it; when they delete it, its
deliveries go with it.
"""
import pytest

from webhooks.events import emit
from webhooks.models import Delivery, Endpoint

pytestmark = pytest.mark.django_db


def edit(dashboard, endpoint, **changes):
    page = dashboard.get("/shop/dashboard/webhooks/").click(description="Edit")
    form = page.forms["endpoint-form"]
    for box in form.fields["events"]:
        box.checked = box._value in changes.get("events", endpoint.events)
    form["is_active"] = changes.get("is_active", endpoint.is_active)
    return form.submit().follow()


def test_unsubscribing_and_switching_off_stop_deliveries(subscribe, receiver, dashboard, committed):
    endpoint = subscribe("order.shipped", "order.delivered")

    page = edit(dashboard, endpoint, events=["order.delivered"])
    assert "Saved the endpoint" in page.text
    with committed():
        emit("order.shipped", {"order": {"number": "100001"}})
        emit("order.delivered", {"order": {"number": "100001"}})
    assert [r.event["type"] for r in receiver.received] == ["order.delivered"]

    edit(dashboard, Endpoint.objects.get(), is_active=False)
    with committed():
        emit("order.delivered", {"order": {"number": "100002"}})
    assert len(receiver.received) == 1


def test_deleting_an_endpoint_deletes_its_deliveries(subscribe, receiver, dashboard, committed):
    endpoint = subscribe("order.shipped")
    with committed():
        emit("order.shipped", {"order": {"number": "100001"}})
    assert Delivery.objects.count() == 1

    page = dashboard.get("/shop/dashboard/webhooks/").click(description="Delete")
    assert f"Delete the endpoint {endpoint.url}?" in page.text
    page = page.forms["delete-endpoint"].submit().follow()

    assert "No endpoints yet." in page.text
    assert not Endpoint.objects.exists() and not Delivery.objects.exists()
