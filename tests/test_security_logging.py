"""No passwords, card numbers, tokens or street addresses reach the logs: the filter sits
on the handler Django's LOGGING configures, so every logger that propagates is covered."""
import io
import logging

import pytest

from security.log_scrub import ScrubSensitiveData


@pytest.fixture
def log_output():
    """The root handler configured from settings.LOGGING, writing into a buffer."""
    handler = next(h for h in logging.getLogger().handlers
                   if any(isinstance(f, ScrubSensitiveData) for f in h.filters))
    buffer = io.StringIO()
    previous = handler.setStream(buffer)
    yield buffer
    handler.setStream(previous)


def emit(*args, **kwargs):
    logging.getLogger("commerce.checkout").warning(*args, **kwargs)


def test_passwords_in_form_data_are_redacted(log_output):
    emit("login failed for %s with %s", "ada@example.com",
         {"login-username": "ada@example.com", "login-password": "correct-horse-42"})
    emit("POST body: login-password=correct-horse-42&next=/shop/")
    text = log_output.getvalue()
    assert "correct-horse-42" not in text
    assert "ada@example.com" in text and "next=/shop/" in text  # what investigators need stays


def test_card_numbers_are_redacted_but_order_numbers_stay(log_output):
    emit("card 4242 4242 4242 4242 declined for order %s", "100023")
    emit("retry with 4000-0025-0000-3155 cvc=123 exp_month=12")
    text = log_output.getvalue()
    assert "4242 4242 4242 4242" not in text and "4000-0025-0000-3155" not in text and "cvc=123" not in text
    assert "order 100023" in text


def test_tokens_and_keys_are_redacted(log_output):
    emit("calling Stripe with sk_test_51HxYzAbCdEfGh and Authorization: Bearer eyJhbGciOi.abc.def")
    emit("reset link token=%s", "c4x9-8f2e1d0b7a6c5b4a")
    emit({"csrfmiddlewaretoken": "Zq8w", "api_key": "k-123"})
    text = log_output.getvalue()
    for secret in ("sk_test_51HxYzAbCdEfGh", "eyJhbGciOi", "c4x9-8f2e1d0b7a6c5b4a", "Zq8w", "k-123"):
        assert secret not in text
    assert text.count("[redacted]") >= 5


def test_street_addresses_are_redacted_in_arguments_and_extras(log_output):
    emit("shipping to %s", {"first_name": "Ada", "line1": "12 Quince Lane", "postcode": "10001", "country": "US"})
    emit("address saved", extra={"address": "12 Quince Lane, Hudson NY 10001", "order_number": "100023"})
    emit("line1=12 Quince Lane, line4=Hudson")
    text = log_output.getvalue()
    assert "Quince Lane" not in text and "10001" not in text and "Hudson" not in text
    assert "'country': 'US'" in text


def test_the_filter_never_drops_a_record(log_output):
    emit("broken %s %s", "only-one-argument")  # a malformed call still shows up
    assert "broken" in log_output.getvalue()
