"""Server time of each request, and the part of it spent waiting on Stripe, for bench/checkout.py.

Listed first in MIDDLEWARE by bench/settings.py only when BENCH_SERVER_TIMING is set, so it
times everything Django does for a request (every middleware, the view, the template) and
answers with a `Server-Timing: app;dur=…, stripe;dur=…` header (milliseconds). The Stripe
part is the time spent inside the Stripe SDK's HTTP client (`request_with_retries`: the
round trips to Stripe, retries and their back-off included), timed in the worker process
that made the call; what localstripe itself spends is inside that, and so is the SDK's
encoding of the request. Production never loads this module.
"""
import time
from contextvars import ContextVar

from stripe._http_client import HTTPClient

_stripe_seconds = ContextVar("stripe_seconds", default=None)
_request_with_retries = HTTPClient.request_with_retries


def _timed_request_with_retries(self, *args, **kwargs):
    started = time.perf_counter()
    try:
        return _request_with_retries(self, *args, **kwargs)
    finally:
        spent = _stripe_seconds.get()
        if spent is not None:
            spent.append(time.perf_counter() - started)


HTTPClient.request_with_retries = _timed_request_with_retries


class ServerTimingMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        stripe_calls = []
        token = _stripe_seconds.set(stripe_calls)
        try:
            response = self.get_response(request)
        finally:
            _stripe_seconds.reset(token)
        total = time.perf_counter() - started
        response["Server-Timing"] = f"app;dur={1000 * total:.2f}, stripe;dur={1000 * sum(stripe_calls):.2f}"
        return response
