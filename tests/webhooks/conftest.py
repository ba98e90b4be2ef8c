"""A receiver to deliver to, and an endpoint of the shop's pointing at it."""
import pytest

from webhooks.models import Endpoint

from .receiver import Receiver


@pytest.fixture(autouse=True)
def _webhook_settings(settings):
    # The receiver runs on this machine: the one private address allowed (the guard's own tests clear it).
    settings.WEBHOOKS_ALLOWED_PRIVATE_HOSTS = ["127.0.0.1"]
    settings.WEBHOOKS_CONNECT_TIMEOUT, settings.WEBHOOKS_READ_TIMEOUT = 1.0, 1.0
    settings.WEBHOOKS_MAX_ATTEMPTS = 3
    # No waiting between tries, and the drain (beat) picks up a due retry at once.
    settings.WEBHOOKS_RETRY_BASE_SECONDS, settings.WEBHOOKS_STUCK_AFTER_SECONDS = 0, 0


@pytest.fixture
def receiver():
    with Receiver() as running:
        yield running


@pytest.fixture
def subscribe(db, receiver):
    """subscribe("order.shipped", …): an active endpoint at the receiver for those events."""
    def make(*events, url=None):
        return Endpoint.objects.create(url=url or receiver.url, description="Warehouse system", events=list(events))
    return make
