"""Deliveries reach the receiver signed, are retried, die after the last attempt, and can be sent again.

Given an endpoint at a real HTTP server on 127.0.0.1, when the shop emits an event and
commits, then the receiver gets one POST whose signature checks out with the documented
scheme; a 500 is tried again (by the beat drain, as Celery runs eager here) and then
succeeds; after the last attempt the delivery is dead and listed in the dashboard, whose
Retry and Replay buttons send the same event id again; a receiver that doesn't answer is
a failure within the read timeout, not a hang.
"""
import time
from datetime import timedelta

import pytest
from django.utils import timezone

from webhooks.events import emit
from webhooks.models import Delivery
from webhooks.tasks import backoff, drain_webhooks

from .receiver import verify

pytestmark = pytest.mark.django_db

DATA = {"order": {"number": "100042", "status": "Shipped", "total_incl_tax": "19.75"}}


def test_a_delivery_arrives_signed_with_the_documented_scheme(subscribe, receiver, committed):
    endpoint = subscribe("order.shipped")

    with committed():
        event = emit("order.shipped", DATA)

    (request,) = receiver.received
    assert request.path == "/hooks/larder"
    assert request.headers["Content-Type"] == "application/json"
    assert request.headers["Larder-Event-Id"] == str(event.id)
    assert request.event == {"id": str(event.id), "type": "order.shipped", "created": event.created_at.isoformat(),
                             "data": DATA}
    assert verify(request, endpoint.secret)
    assert not verify(request, "whsec_someone-elses-secret")
    tampered = type(request)(request.path, request.headers, request.body.replace(b"19.75", b"0.01"))
    assert not verify(tampered, endpoint.secret)
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.response_status) == ("delivered", 1, 200)


def test_nothing_is_sent_before_the_commit_or_to_endpoints_not_subscribed(subscribe, receiver,
                                                                         django_capture_on_commit_callbacks):
    subscribe("order.shipped")
    subscribe("order.refunded")
    subscribe("order.shipped", "order.delivered")

    with django_capture_on_commit_callbacks() as pending:
        emit("order.shipped", DATA)
        assert receiver.received == []

    assert receiver.received == []
    for callback in pending:
        callback()
    assert len(receiver.received) == 2  # the two order.shipped endpoints, not the refunds one


def test_a_500_is_retried_and_then_succeeds_with_the_same_event_id(subscribe, receiver, committed):
    endpoint = subscribe("order.shipped")
    receiver.answers = [500]

    with committed():
        event = emit("order.shipped", DATA)

    delivery = Delivery.objects.get()
    assert delivery.status == "retrying" and delivery.attempts == 1 and delivery.response_status == 500
    assert "HTTP 500" in delivery.last_error and delivery.next_attempt_at is not None

    assert drain_webhooks() == 1  # beat: the retry is due

    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("delivered", 2)
    assert [r.headers["Larder-Event-Id"] for r in receiver.received] == [str(event.id)] * 2
    assert all(verify(r, endpoint.secret) for r in receiver.received)
    assert drain_webhooks() == 0


def test_backoff_doubles_from_the_base_up_to_an_hour(settings):
    settings.WEBHOOKS_RETRY_BASE_SECONDS = 30
    assert [backoff(n) for n in (1, 2, 3, 4, 8, 20)] == [30, 60, 120, 240, 3600, 3600]


def test_after_the_last_attempt_the_delivery_is_dead_shown_in_the_dashboard_and_retried(
        subscribe, receiver, committed, dashboard):
    endpoint = subscribe("order.shipped")
    receiver.answers = [500, 503, 500]

    with committed():
        event = emit("order.shipped", DATA)
    drain_webhooks()
    drain_webhooks()

    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.attempts) == ("dead", 3)
    assert "attempt 3 of 3" in delivery.last_error
    assert drain_webhooks() == 0  # a dead delivery is not retried by itself

    page = dashboard.get("/shop/dashboard/").click(description="Webhooks")
    assert "1 delivery failed for good" in page.text
    page = page.click(description="See and retry them")
    row = page.html.select_one(f"#send-again-{delivery.pk}").find_parent("tr")
    assert "Failed for good (HTTP 500)" in row.text and str(event.id) in row.text

    with committed():
        page = page.forms[f"send-again-{delivery.pk}"].submit().follow()

    assert f"The order.shipped event {event.id} is queued again." in page.text
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("delivered", 1)
    assert len(receiver.received) == 4
    assert {r.headers["Larder-Event-Id"] for r in receiver.received} == {str(event.id)}
    assert verify(receiver.received[-1], endpoint.secret)


def test_a_delivered_event_can_be_replayed_with_the_same_event_id_and_body(subscribe, receiver, committed, dashboard):
    subscribe("order.shipped")
    with committed():
        event = emit("order.shipped", DATA)
    delivery = Delivery.objects.get()

    page = dashboard.get("/shop/dashboard/webhooks/deliveries/")
    form = page.forms[f"send-again-{delivery.pk}"]
    assert form.html.button.text == "Replay"
    with committed():
        page = form.submit().follow()

    assert f"{event.id} is replayed" in page.text
    first, replay = receiver.received
    assert replay.headers["Larder-Event-Id"] == first.headers["Larder-Event-Id"] == str(event.id)
    assert replay.body == first.body


def test_a_receiver_that_does_not_answer_is_a_failure_not_a_hang(subscribe, receiver, committed):
    subscribe("order.shipped")
    receiver.answers = [("hang", 5)]

    started = time.monotonic()
    with committed():
        emit("order.shipped", DATA)
    elapsed = time.monotonic() - started

    assert elapsed < 3  # the read timeout is 1 s; the receiver would have kept us 5 s
    delivery = Delivery.objects.get()
    assert delivery.status == "retrying" and "timed out" in delivery.last_error


def test_a_redirect_is_not_followed(subscribe, receiver, committed):
    subscribe("order.shipped")
    receiver.answers = [302]

    with committed():
        emit("order.shipped", DATA)

    delivery = Delivery.objects.get()
    assert len(receiver.received) == 1
    assert delivery.status == "retrying" and "redirect, which is not followed" in delivery.last_error


def test_a_switched_off_endpoint_is_sent_nothing(subscribe, receiver, committed):
    endpoint = subscribe("order.shipped")
    endpoint.is_active = False
    endpoint.save()

    with committed():
        assert emit("order.shipped", DATA) is None

    assert receiver.received == [] and not Delivery.objects.exists()


def test_a_delivery_whose_claim_lapsed_is_sent_by_the_drain(subscribe, receiver):
    subscribe("order.shipped")
    emit("order.shipped", DATA)  # never committed here: its enqueue is "lost"
    Delivery.objects.update(status="sending", claimed_until=timezone.now() - timedelta(seconds=1))

    assert drain_webhooks() == 1
    assert Delivery.objects.get().status == "delivered" and len(receiver.received) == 1
