"""No passwords, card numbers, tokens, street addresses or email addresses reach the logs:
the filter sits on the handler Django's LOGGING configures, so every logger that
propagates is covered."""
import io
import logging
import time

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
    assert "ada@" not in text  # the address is personal data...
    assert "***@example.com" in text and "next=/shop/" in text  # ...its domain and the rest help investigate


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


@pytest.mark.parametrize(("line", "logged"), [
    pytest.param('login password="it\'s-secret" from 10.0.0.7', 'login password="[redacted]" from 10.0.0.7',
                 id="apostrophe-inside-double-quotes"),
    pytest.param("login password='say \"open sesame\" twice' ok", "login password='[redacted]' ok",
                 id="double-quotes-inside-single-quotes"),
    pytest.param("login password='it's a secret', next=/", "login password='[redacted]', next=/",
                 id="apostrophe-inside-single-quotes"),
    pytest.param(r'login password="a\"b\"c" user=5', r'login password="[redacted]" user=5', id="escaped-quotes"),
    pytest.param(r"""body {"username": "x", "password": "a\"b,c", "next": "/"}""",
                 r"""body {"username": "x", "password": "[redacted]", "next": "/"}""", id="json-body"),
    pytest.param("POST password=it's secret&next=/", "POST password=[redacted]&next=/", id="unquoted-apostrophe"),
    pytest.param("POST login-password=a%27b%22c&next=/", "POST login-password=[redacted]&next=/", id="url-encoded"),
    pytest.param("token='unterminated secret", "token='[redacted]", id="no-closing-quote"),
])
def test_a_quoted_secret_is_redacted_up_to_its_own_closing_quote(log_output, line, logged):
    emit(line)
    assert log_output.getvalue().strip().endswith(logged)


@pytest.mark.parametrize(("call", "shown"), [
    pytest.param(("signup from ada@example.com",), "signup from ***@example.com", id="in-the-message"),
    pytest.param(("signup %s", "ada@example.com"), "signup ***@example.com", id="in-an-argument"),
    pytest.param(("signup %s", {"email": "ada@example.com", "plan": "jam"}),
                 "signup {'email': '***@example.com', 'plan': 'jam'}", id="in-a-dict-argument"),
    pytest.param(("ADA.Lovelace+Orders@Mail.Example.CO.UK ordered",), "***@mail.example.co.uk ordered",
                 id="uppercase-plus-tag-subdomain"),
    pytest.param(("POST /signup/ email=ada.l%2Bjam%40example.com&next=/",), "email=***@example.com&next=/",
                 id="url-encoded"),
    pytest.param(("mailto:ada@example.com, <bob_smith@shop.example.org>.",),
                 "mailto:***@example.com, <***@shop.example.org>.", id="punctuated"),
    pytest.param(("%s", ["ada@example.com", ("bob@example.net",)]), "['***@example.com', ('***@example.net',)]",
                 id="in-a-list-argument"),
])
def test_email_addresses_are_logged_with_their_domain_only(log_output, call, shown):
    emit(*call)
    text = log_output.getvalue()
    assert shown in text
    for local in ("ada", "ADA", "bob"):
        assert f"{local}@" not in text and f"{local}%40" not in text


def test_email_addresses_in_extras_and_dict_keys_are_masked_too(log_output):
    records = []
    keep = logging.Handler()
    keep.emit = records.append  # after the scrubbing handler: sees the record as every handler does
    logging.getLogger().addHandler(keep)
    try:
        emit("signup %s", {"ada@example.com": 1},
             extra={"customer": "ada@example.com", "signup": {"email_address": "ada@example.com",
                                                             "who": ["bob@example.net"]}})
    finally:
        logging.getLogger().removeHandler(keep)
    record = records[-1]
    assert record.getMessage() == "signup {'***@example.com': 1}"
    assert record.customer == "***@example.com"
    assert record.signup == {"email_address": "***@example.com", "who": ["***@example.net"]}


@pytest.mark.parametrize("line", [
    "Order 100023 placed", "user id 5 signed in from 203.0.113.7 (2001:db8::1)", "celery worker@host-1 ready",
    "GET /shop/?q=jam&page=2 200 in 35ms", "price 12.50 USD for sku LL-0042 at 2026-01-10T12:00:00Z",
    "ip_address=203.0.113.7 remote_addr=10.0.0.1 attempts=3", "version pkg@1.2.3 loaded",
])
def test_ordinary_log_text_is_left_as_it_is(log_output, line):
    emit(line)
    assert log_output.getvalue().strip().endswith(line)


@pytest.mark.parametrize(("line", "logged"), [
    pytest.param("Not Found: /" + "a" * 4000, "Not Found: /" + "a" * 4000, id="a-long-word"),  # a long path's 404
    pytest.param("Not Found: /" + "x-" * 2000, "Not Found: /" + "x-" * 2000, id="a-long-hyphenated-word"),
    pytest.param("POST password=x" + " " * 4000 + "y", "POST password=[redacted]", id="a-long-run-of-spaces"),
])
def test_a_long_log_line_is_scrubbed_in_a_blink(log_output, line, logged):
    started = time.perf_counter()
    emit(line)
    assert time.perf_counter() - started < 0.5  # it took seconds of CPU per line
    assert log_output.getvalue().strip().endswith(logged)
