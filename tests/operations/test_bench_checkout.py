"""The checkout benchmark still places orders at its tiny size: three guest buyers race by
card on localstripe for the last two units, through gunicorn, and the script's stock audit
finds nothing sold twice. Its figures are not checked (the machine is shared); that it
printed them, placed orders, refused the buyer who came too late and oversold nothing is.

Needs PostgreSQL (as the other benchmark smoke tests), gunicorn, localstripe and
redis-server (a private one is started, so the shared Redis is left alone).
"""
import importlib.util
import re
from urllib.parse import urlsplit

import pytest

from bench import databases
from tests import services
from tests.operations.test_bench_smoke import clean_env, run, server, template  # noqa: F401  fixtures

pytestmark = pytest.mark.services


def test_the_checkout_benchmark_places_orders_without_overselling_at_tiny_size(server, template):  # noqa: F811
    for package in ("gunicorn", "localstripe"):
        services.require(package, bool(importlib.util.find_spec(package)),
                         "the package is not installed (it is in requirements.txt)")
    url, prefix = server
    name = f"{prefix}_checkout_smoke"
    databases.drop(url, name)
    try:
        with services.private_redis() as redis_port:
            out = run("checkout.py", "--tiny", "--name", name, "--template", template, "--port",
                      str(services.free_port()),
                      env=clean_env(REDIS_PORT=str(redis_port), PG_PORT=str(urlsplit(url).port or 5432),
                                    BENCH_DATABASE_URL=f"{url}/{name}"))
    finally:
        databases.drop(url, name)

    placed = int(re.search(r"^orders placed: (\d+) in [\d.]+ s: [\d.]+ orders/s$", out, re.M).group(1))
    assert 1 <= placed <= 2, out  # two units left for three buyers
    refused = re.search(r"told it is sold out: (\d+) on the product page, (\d+) when adding, (\d+) during "
                        r"checkout, (\d+) when placing", out)
    assert sum(map(int, refused.groups())) >= 1, out
    assert "errors: 0\n" in out
    for row in ("server time", "server time excluding Stripe", "Stripe's share (server-side)", "step: place order"):
        assert re.search(rf"^\| {re.escape(row)}[^|]* \| [\d.]+ \| [\d.]+ \| [\d.]+ \|$", out, re.M), (row, out)
    assert re.search(r"^stock audit: \d+ new orders .* records allocated beyond stock: 0; records whose allocation "
                     r"differs from their order lines': 0$", out, re.M), out
    assert "\nno oversell\n" in out
