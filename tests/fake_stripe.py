"""localstripe for the payment tests: started once per session, webhooks caught by a relay.

`localstripe` is a subprocess on a free loopback port. Its webhooks go to a small HTTP
relay in the test process that keeps each delivery's exact body and Stripe-Signature
header; a test hands them to our /stripe/webhook/ through Django's test client, so the
signature checked is the one localstripe made. `card()` does what Stripe.js does in the
browser: it turns a test card number into a PaymentMethod id.
"""
import hashlib
import hmac
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import requests

from tests import services

SECRET_KEY = "sk_test_larder_localstripe"
PUBLISHABLE_KEY = "pk_test_larder_localstripe"
WEBHOOK_SECRET = "whsec_larder_test_secret"


class Relay(ThreadingHTTPServer):
    def __init__(self):
        self.deliveries = []
        self.lock = threading.Lock()

        class Handler(BaseHTTPRequestHandler):
            def do_POST(handler):  # noqa: N805
                body = handler.rfile.read(int(handler.headers["Content-Length"]))
                with self.lock:
                    self.deliveries.append((body, handler.headers.get("Stripe-Signature", "")))
                handler.send_response(200)
                handler.end_headers()

            def log_message(handler, *args):  # noqa: N805
                pass

        super().__init__(("127.0.0.1", 0), Handler)

    @property
    def url(self):
        return f"http://127.0.0.1:{self.server_address[1]}/"


class LocalStripe:
    def __init__(self, base, relay):
        self.base, self.relay = base, relay
        self.auth = {"Authorization": f"Bearer {SECRET_KEY}"}

    def get(self, path, **params):
        response = requests.get(f"{self.base}{path}", params=params, headers=self.auth, timeout=10)
        response.raise_for_status()
        return response.json()

    def post(self, path, data):
        response = requests.post(f"{self.base}{path}", data=data, headers=self.auth, timeout=10)
        response.raise_for_status()
        return response.json()

    def card(self, number="4242424242424242"):
        return self.post("/v1/payment_methods", {"type": "card", "card[number]": number, "card[exp_month]": "12",
                                                 "card[exp_year]": "2034", "card[cvc]": "123"})["id"]

    def intents_for(self, order_number):
        return [pi for pi in self.get("/v1/payment_intents", limit=100)["data"]
                if pi["metadata"].get("order_number") == order_number]

    def authenticate(self, intent, success=True):
        """What Stripe.js does when the shopper passes (or fails) 3-D Secure."""
        response = requests.post(f"{self.base}/v1/payment_intents/{intent['id']}/_authenticate",
                                 params={"success": str(success).lower()},
                                 data={"key": PUBLISHABLE_KEY, "client_secret": intent["client_secret"]}, timeout=10)
        response.raise_for_status()
        return response.json()

    def wait_for(self, event_type, object_id, timeout=8.0):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.relay.lock:
                for body, signature in self.relay.deliveries:
                    event = json.loads(body)
                    if event["type"] == event_type and event["data"]["object"]["id"] == object_id:
                        return body, signature
            time.sleep(0.1)
        raise AssertionError(f"localstripe sent no {event_type} for {object_id} within {timeout}s")


def sign(body: bytes, secret=WEBHOOK_SECRET, timestamp=None):
    """A Stripe-Signature header as Stripe computes it (t=…,v1=HMAC-SHA256 of "t.body")."""
    timestamp = int(time.time()) if timestamp is None else timestamp
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


@pytest.fixture(scope="session")
def localstripe_server(tmp_path_factory):
    relay = Relay()
    threading.Thread(target=relay.serve_forever, daemon=True).start()
    log_path = tmp_path_factory.mktemp("localstripe") / "server.log"
    try:
        with services.localstripe(Path(__file__).with_name("run_localstripe.py"), log_path, SECRET_KEY) as base:
            requests.post(f"{base}/_config/webhooks/larder", data={"url": relay.url, "secret": WEBHOOK_SECRET},
                          timeout=5).raise_for_status()
            yield LocalStripe(base, relay)
    finally:
        relay.shutdown()


@pytest.fixture
def stripe(settings, localstripe_server):
    """Checkout configured for card payments against localstripe."""
    settings.STRIPE_SECRET_KEY = SECRET_KEY
    settings.STRIPE_PUBLISHABLE_KEY = PUBLISHABLE_KEY
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
    settings.STRIPE_API_BASE = localstripe_server.base
    settings.STRIPE_JS_URL = f"{localstripe_server.base}/js.stripe.com/v3/"
    settings.DEMO_PAYMENTS = False
    # Order numbers restart with each test's database; Stripe's objects must too.
    requests.delete(f"{localstripe_server.base}/_config/data", timeout=5).raise_for_status()
    with localstripe_server.relay.lock:
        localstripe_server.relay.deliveries.clear()
    return localstripe_server
