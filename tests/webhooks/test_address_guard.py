"""Webhooks go to public addresses only: refused at registration and again at delivery.

Given a merchandiser registering an endpoint, when its URL is not http(s) or its host
resolves to any internal address (loopback, private, link-local such as the cloud's
metadata service, multicast, reserved, unspecified), then the form says why and nothing
is saved; an endpoint that points inside anyway (stored before, or DNS changed since) is
not called at delivery: the delivery fails for good, saying why. A host listed in
WEBHOOKS_ALLOWED_PRIVATE_HOSTS (by name, address or network) is allowed.
"""
import socket

import pytest

from webhooks.address_guard import UnsafeURL, check_url
from webhooks.events import emit
from webhooks.models import Delivery, Endpoint

pytestmark = pytest.mark.django_db


def resolves_to(*addresses):
    """A stand-in for DNS (the one boundary here we can't run): the host has these addresses."""
    def resolve(host, port, type=0):
        family = socket.AF_INET6 if ":" in addresses[0] else socket.AF_INET
        return [(family, socket.SOCK_STREAM, 6, "", (address, port)) for address in addresses]
    return resolve


@pytest.fixture
def nothing_allowed(settings):
    settings.WEBHOOKS_ALLOWED_PRIVATE_HOSTS = []


@pytest.mark.parametrize("address, reason", [
    ("127.0.0.1", "a loopback address"), ("::1", "a loopback address"), ("10.1.2.3", "a private address"),
    ("192.168.0.10", "a private address"), ("172.16.5.4", "a private address"),
    ("169.254.169.254", "a link-local address"), ("fe80::1", "a link-local address"),
    ("224.0.0.251", "a multicast address"), ("240.0.0.1", "a reserved address"),
    ("0.0.0.0", "the unspecified address"), ("::ffff:127.0.0.1", "a loopback address"),
    ("100.64.0.1", "not a public address"), ("fd00::1", "a private address"),
])
def test_internal_addresses_are_refused(nothing_allowed, address, reason):
    with pytest.raises(UnsafeURL, match=f"resolves to .*{reason}"):
        check_url("https://hooks.example.com/in", resolve=resolves_to(address))


def test_every_resolved_address_is_checked_and_the_checked_ones_are_connected_to(nothing_allowed):
    with pytest.raises(UnsafeURL, match="10.0.0.7, a private address"):
        check_url("https://hooks.example.com/in", resolve=resolves_to("93.184.215.14", "10.0.0.7"))

    target = check_url("https://hooks.example.com:8443/in?shop=larder", resolve=resolves_to("93.184.215.14"))
    assert (target.addresses, target.host_header, target.path) == (
        ("93.184.215.14",), "hooks.example.com:8443", "/in?shop=larder")


@pytest.mark.parametrize("url, message", [
    ("ftp://hooks.example.com/in", "Only http:// and https://"), ("file:///etc/passwd", "Only http:// and https://"),
    ("https://user:pw@hooks.example.com/", "no user name or password"), ("https:///in", "needs a host name"),
])
def test_only_plain_http_and_https_urls(nothing_allowed, url, message):
    with pytest.raises(UnsafeURL, match=message):
        check_url(url, resolve=resolves_to("93.184.215.14"))


def test_allowed_private_hosts_by_name_address_or_network(settings):
    settings.WEBHOOKS_ALLOWED_PRIVATE_HOSTS = ["erp.internal", "10.20.0.0/16"]
    assert check_url("http://erp.internal/hook", resolve=resolves_to("10.9.9.9")).addresses == ("10.9.9.9",)
    assert check_url("http://hooks.example.com/", resolve=resolves_to("10.20.3.4")).addresses == ("10.20.3.4",)
    with pytest.raises(UnsafeURL):
        check_url("http://hooks.example.com/", resolve=resolves_to("10.21.3.4"))


def add_endpoint(dashboard, url, events=("order.shipped",)):
    form = dashboard.get("/shop/dashboard/webhooks/").click(description="Add an endpoint").forms["endpoint-form"]
    form["url"], form["description"] = url, "Warehouse system"
    for box in form.fields["events"]:
        box.checked = box._value in events
    return form.submit(expect_errors=True)


def test_registering_an_internal_address_is_refused_with_the_reason(nothing_allowed, dashboard, receiver):
    page = add_endpoint(dashboard, receiver.url)
    assert page.status_code == 400
    assert "resolves to 127.0.0.1, a loopback address: webhooks go to public addresses only." in page.text

    page = add_endpoint(dashboard, f"http://localhost:{receiver.server.server_port}/hooks")
    assert page.status_code == 400 and "a loopback address" in page.text
    assert not Endpoint.objects.exists()


def test_registering_an_allowed_host_shows_its_secret_which_can_be_rotated(dashboard, receiver):
    page = add_endpoint(dashboard, receiver.url, events=("order.shipped", "stock.low")).follow()

    endpoint = Endpoint.objects.get()
    assert endpoint.events == ["order.shipped", "stock.low"] and endpoint.is_active
    assert page.html.select_one("#endpoint-secret").text == endpoint.secret
    old = endpoint.secret
    page = page.forms["rotate-secret"].submit().follow()
    endpoint.refresh_from_db()
    assert endpoint.secret != old and endpoint.secret.startswith("whsec_")
    assert page.html.select_one("#endpoint-secret").text == endpoint.secret


def test_an_internal_address_is_refused_at_delivery_unless_allowed(settings, subscribe, receiver, committed):
    subscribe("order.shipped")  # registered while allowed
    settings.WEBHOOKS_ALLOWED_PRIVATE_HOSTS = []

    with committed():
        emit("order.shipped", {"order": {"number": "100001"}})

    delivery = Delivery.objects.get()
    assert receiver.received == []
    assert delivery.status == "dead"
    assert "Refused, not sent: 127.0.0.1 resolves to 127.0.0.1, a loopback address" in delivery.last_error

    settings.WEBHOOKS_ALLOWED_PRIVATE_HOSTS = ["127.0.0.0/8"]
    Delivery.objects.update(status="queued", attempts=0)
    from webhooks.tasks import deliver_webhook
    assert deliver_webhook.delay(delivery.pk).get() == "delivered"
    assert len(receiver.received) == 1


def test_the_connection_goes_to_the_checked_address_with_the_host_named_in_the_url(settings, subscribe, receiver,
                                                                                  committed):
    settings.WEBHOOKS_ALLOWED_PRIVATE_HOSTS = ["localhost"]
    subscribe("order.shipped", url=f"http://localhost:{receiver.server.server_port}/hooks")

    with committed():
        emit("order.shipped", {"order": {"number": "100001"}})

    (request,) = receiver.received
    assert request.headers["Host"] == f"localhost:{receiver.server.server_port}"


def test_shoppers_cannot_see_or_change_webhooks(client, shopper, subscribe):
    endpoint = subscribe("order.shipped")
    client.force_login(shopper)
    assert client.get("/shop/dashboard/webhooks/").status_code == 403
    assert client.get(f"/shop/dashboard/webhooks/{endpoint.pk}/").status_code == 403
    assert client.post(f"/shop/dashboard/webhooks/{endpoint.pk}/rotate-secret/").status_code == 403
    assert client.post("/shop/dashboard/webhooks/deliveries/1/send-again/").status_code == 403
