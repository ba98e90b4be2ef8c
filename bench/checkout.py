"""Checkout benchmark: concurrent guest buyers place orders through the storefront's real views.

    .venv/bin/python bench/checkout.py [--buyers 20] [--seconds 20] [--workers 4] [--payment card]
    .venv/bin/python bench/checkout.py --stock 50      # buyers race for the last 50 units
    .venv/bin/python bench/checkout.py --payment demo  # the demo payment instead of cards
    .venv/bin/python bench/checkout.py --tiny          # 3 buyers, 3 seconds, 2 units: does it still run?

The stack is bench/load.py's (its start_services, stack_environment, ensure_database,
build_store and serve): PostgreSQL and Redis (REDIS_PORT, PG_PORT), the demo store in a
database of its own (--name, larder_bench_checkout; --template copies a migrated one),
gunicorn with production settings (bench.settings, DEBUG off, --workers sync workers).
Card payments go to localstripe, started as the payment tests start it
(tests/services.py) and named to the server by STRIPE_API_BASE; --payment demo serves the
demo payment method instead (BENCH_DEMO_PAYMENTS, card payments off).

Each buyer is a guest with an HTTP session of its own (requests.Session, one thread
each) who, in a loop for --seconds, opens the product page, adds one unit to the basket,
checks out as a guest (email), enters a new shipping address, picks standard delivery,
pays (card: makes a PaymentMethod at localstripe as Stripe.js would in the browser, then
submits the card form; demo: opens the preview) and presses "Place order", then opens
the thank-you page. Every form is read from the page the server sent (CSRF token,
hidden fields, the basket id of the place-order form).

Server time is measured by the server: with BENCH_SERVER_TIMING the bench settings put
bench/timing.py's middleware first, which answers every request with a Server-Timing
header holding the time Django spent on it and, separately, the time spent inside the
Stripe SDK's HTTP client during it (round trips to localstripe, retries included). An
order's server time is the sum over all its requests (redirects included); "excluding
Stripe" subtracts the Stripe part. Times between requests (the client's own work, the
network) are not in it; the buyer's wall time per order is printed beside it.

The sold product has --stock units left to sell (default plenty), plus one per worker for
the warm-up orders placed before the clock starts. Buyers that are told it is sold out (on
the product page, when adding it, at a checkout step, or when placing the order) stop.
Afterwards the stock is audited in the database: no stock record has more allocated than in stock, every stock
record's allocation equals its order lines' allocations, the sold product's allocation
grew by exactly the units of the orders placed in this run, and the database holds as
many new orders as buyers (and the warm-up) saw thank-you pages for.
"""
import argparse
import html
import json
import os
import re
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import load  # noqa: E402

PORT = 8812
NAME = "larder_bench_checkout"
PLENTY = 1_000_000
SOLD_OUT = re.compile(r"is sold out|only \d+ of .{1,200}? left|no longer available|not available to be purchased"
                      r"|a maximum of \d+ can be bought|no stock available", re.S | re.I)


# --- The buyer: one guest's HTTP session ----------------------------------------------


def form(page, marker):
    """(action, fields) of the first <form> on `page` whose opening tag or body contains `marker`."""
    for match in re.finditer(r"<form\b([^>]*)>(.*?)</form>", page, re.S | re.I):
        if marker in match.group(0):
            attrs, body = _attrs(match.group(1)), match.group(2)
            return attrs.get("action", ""), _fields(body)
    raise LookupError(f"no form with {marker!r} on the page")


def _attrs(tag):
    found = re.findall(r"""([\w:-]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?""", tag)
    return {name.lower(): html.unescape(a or b or c) for name, a, b, c in found}


def _fields(body):
    fields = {}
    for tag in re.findall(r"<input\b([^>]*)>", body, re.I):
        attrs = _attrs(tag)
        kind = attrs.get("type", "text").lower()
        if "name" not in attrs or kind in ("submit", "button", "file") or (
                kind in ("checkbox", "radio") and "checked" not in attrs):
            continue
        fields[attrs["name"]] = attrs.get("value", "on" if kind == "checkbox" else "")
    for tag, options in re.findall(r"<select\b([^>]*)>(.*?)</select>", body, re.S | re.I):
        values = [_attrs(option) for option in re.findall(r"<option\b([^>]*)>", options)]
        selected = [v.get("value", "") for v in values if "selected" in v]
        chosen = selected or [v["value"] for v in values if v.get("value")]
        if "name" in _attrs(tag) and chosen:
            fields[_attrs(tag)["name"]] = chosen[0]
    for tag, text in re.findall(r"<textarea\b([^>]*)>(.*?)</textarea>", body, re.S | re.I):
        if "name" in _attrs(tag):
            fields[_attrs(tag)["name"]] = html.unescape(text)
    return fields


def server_times(response):
    """(server ms, Stripe ms) of one answer, from the bench's Server-Timing header."""
    timing = dict(re.findall(r"(\w+);dur=([\d.]+)", response.headers.get("Server-Timing", "")))
    if "app" not in timing:
        raise RuntimeError(f"{response.url} answered without the bench's Server-Timing header")
    return float(timing["app"]), float(timing["stripe"])


class SoldOut(Exception):
    """The shop refused the product for want of stock: what a buyer should see at the end."""


class Buyer:
    ADDRESS = {"first_name": "Grace", "last_name": "Hopper", "line1": "12 Orchard Lane", "line4": "Springfield",
               "state": "IL", "postcode": "62701"}

    def __init__(self, number, base, product_url, stripe):
        self.base, self.product_url, self.stripe = base, product_url, stripe
        self.email = f"buyer{number}@bench.example.com"
        self.http = requests.Session()
        self.steps = []  # (step, server ms, Stripe ms) of the order in progress
        self.here = None

    def call(self, step, method, path, data=None):
        """One request and the redirects it leads to, as a browser follows them; returns the last answer.

        Redirects are followed here rather than by requests, so that the cookies a redirect
        sets (the basket's, the messages') go with the next request too.
        """
        url = path if path.startswith("http") else self.base + path
        for _ in range(5):
            for cookie in self.http.cookies:
                cookie.secure = False  # production marks them Secure; this is loopback HTTP
            response = self.http.request(method, url, data=data, headers={"Referer": self.here or url},
                                         timeout=60, allow_redirects=False)
            self.steps.append((step, *server_times(response)))
            if not response.is_redirect:
                break
            method, data, url = "GET", None, requests.compat.urljoin(url, response.headers["Location"])
        if response.status_code >= 400:
            raise RuntimeError(f"{step}: {method} {path} answered {response.status_code}")
        self.here = response.url  # the page the next request comes from (Oscar sends some back there)
        return response

    def post_form(self, step, page, marker, **values):
        action, fields = form(page.text, marker)
        return self.call(step, "POST", action or page.url, data={**fields, **values})

    def place_order(self):
        """One order, start to finish; returns the thank-you page's response. Raises SoldOut."""
        self.steps = []
        page = self.call("product page", "GET", self.product_url)
        if 'id="add_to_basket_form"' not in page.text and 'class="availability outofstock"' in page.text:
            raise SoldOut("product page")
        page = self.post_form("add to basket", page, 'id="add_to_basket_form"', quantity="1")
        if "has been added to your" not in page.text:  # basket, or cart
            raise SoldOut("add to basket") if SOLD_OUT.search(page.text) else RuntimeError("add to basket refused")
        page = self.on_course(self.call("checkout", "GET", "/shop/checkout/"))
        page = self.on_course(self.post_form("guest email", page, 'name="options"', username=self.email,
                                             options="anonymous"))
        page = self.on_course(self.post_form("shipping address", page, 'id="new_shipping_address"', **self.ADDRESS))
        if page.url.endswith("/shop/checkout/shipping-method/"):
            page = self.on_course(self.post_form("shipping method", page, 'value="standard"'))
        if not page.url.endswith("/shop/checkout/payment-details/"):
            raise RuntimeError(f"expected the payment step, got {page.url}")
        if self.stripe:
            method = self.stripe.card()  # Stripe.js's part, in the browser: not server time
            page = self.on_course(self.post_form("payment details", page, 'id="card_payment_form"',
                                                 payment_method_id=method, billing_same_as_shipping="on"))
        else:
            page = self.on_course(self.call("preview", "GET", "/shop/checkout/preview/"))
        page = self.post_form("place order", page, 'id="place_order_form"')
        if not page.url.endswith("/shop/checkout/thank-you/"):
            raise SoldOut("place order") if SOLD_OUT.search(page.text) else RuntimeError(
                f"placing the order ended on {page.url}")
        return page


    @staticmethod
    def on_course(page):
        """The page, unless checkout sent the buyer back to the basket: another buyer took the last
        units while this one was checking out (Oscar checks availability at every step)."""
        if page.url.endswith("/shop/basket/"):
            raise SoldOut("checkout") if SOLD_OUT.search(page.text) else RuntimeError("sent back to the basket")
        return page


class Localstripe:
    """The client's side of localstripe: what Stripe.js does with a card number."""

    def __init__(self, base, secret_key):
        self.base, self.auth = base, {"Authorization": f"Bearer {secret_key}"}
        self.http = threading.local()

    def card(self):
        if not hasattr(self.http, "session"):
            self.http.session = requests.Session()
        response = self.http.session.post(f"{self.base}/v1/payment_methods", headers=self.auth, timeout=10, data={
            "type": "card", "card[number]": "4242424242424242", "card[exp_month]": "12", "card[exp_year]": "2034",
            "card[cvc]": "123"})
        response.raise_for_status()
        return response.json()["id"]


# --- The run ------------------------------------------------------------------------------


class Tally:
    """What the buyers of one run saw, gathered from their threads."""

    def __init__(self):
        self.lock = threading.Lock()
        self.orders = []  # per placed order: {"server", "stripe", "wall", "steps"}
        # where buyers were told the product is sold out
        self.sold_out = {"product page": 0, "add to basket": 0, "checkout": 0, "place order": 0}
        self.errors = []
        self.started = time.monotonic()
        self.elapsed = self.last_order_at = None
        self.warm_up = 0  # orders placed before the clock started
        self.load_before = None


def buy(buyer, deadline, tally, rounds=None):
    while time.monotonic() < deadline or rounds:
        rounds = rounds and rounds - 1
        started = time.monotonic()
        try:
            buyer.place_order()
        except SoldOut as refusal:
            with tally.lock:
                tally.sold_out[str(refusal)] += 1
            return
        except (RuntimeError, LookupError, requests.RequestException) as exc:
            with tally.lock:
                tally.errors.append(str(exc))
            time.sleep(0.2)
            continue
        ended = time.monotonic()
        with tally.lock:
            tally.orders.append({"server": sum(s for _, s, _ in buyer.steps), "stripe": sum(s for *_, s in buyer.steps),
                                 "wall": 1000 * (ended - started), "steps": list(buyer.steps)})
            tally.last_order_at = ended


def run_buyers(base, product_url, stripe, buyers, seconds, rounds=None):
    """`buyers` threads ordering until `seconds` have passed (or each has placed `rounds` orders)."""
    tally = Tally()
    started = tally.started
    threads = [threading.Thread(target=buy, args=(Buyer(n, base, product_url, stripe), started + seconds, tally,
                                                  rounds)) for n in range(buyers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    tally.elapsed = time.monotonic() - started
    return tally


def django_call(env, code):
    """The value of `code` (an expression; `b` is this module) evaluated in a Django process on the
    benchmark's database, passed back as JSON."""
    out = subprocess.run([sys.executable, "-c", f"import django, json; django.setup(); import bench.checkout as b; "
                          f"print(json.dumps({code}))"], cwd=ROOT, env=env, check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def prepare(stock):
    """(In a Django process) the product to sell, with `stock` units left; where the run starts from."""
    from oscar.core.loading import get_model

    Product = get_model("catalogue", "Product")
    StockRecord = get_model("partner", "StockRecord")
    Order = get_model("order", "Order")
    product = (Product.objects.browsable().filter(categories__name="Preserves", product_class__track_stock=True,
                                                  stockrecords__num_in_stock__gt=5).order_by("pk").first())
    record = StockRecord.objects.get(product=product)
    record.num_in_stock = (record.num_allocated or 0) + stock
    record.save()  # a real save, so the page cache hears that availability changed
    return {"url": product.get_absolute_url(), "record": record.pk, "allocated": record.num_allocated or 0,
            "last_order": Order.objects.order_by("-pk").values_list("pk", flat=True).first() or 0}


def audit(start):
    """(In a Django process) what the stock records and order lines say after the run."""
    from django.db.models import F, Sum
    from oscar.core.loading import get_model

    StockRecord = get_model("partner", "StockRecord")
    Line = get_model("order", "Line")
    Order = get_model("order", "Order")
    oversold = list(StockRecord.objects.filter(num_allocated__gt=F("num_in_stock")).values_list("pk", flat=True))
    by_lines = dict(Line.objects.filter(stockrecord__isnull=False).values_list("stockrecord")
                    .annotate(held=Sum("num_allocated")).values_list("stockrecord", "held"))
    records = StockRecord.objects.filter(pk__in=by_lines).values_list("pk", "num_allocated")
    mismatched = [pk for pk, allocated in records if (allocated or 0) != (by_lines[pk] or 0)]
    record = StockRecord.objects.get(pk=start["record"])
    new_orders = Order.objects.filter(pk__gt=start["last_order"])
    sold = Line.objects.filter(order__in=new_orders, stockrecord=record).aggregate(units=Sum("quantity"))["units"] or 0
    return {"oversold": oversold, "mismatched": mismatched, "orders": new_orders.count(), "units_sold": sold,
            "allocated_in_run": (record.num_allocated or 0) - start["allocated"],
            "left": record.num_in_stock - (record.num_allocated or 0)}


def percentiles(values):
    if not values:
        return [float("nan")] * 3
    if len(values) == 1:
        return values * 3
    cuts = statistics.quantiles(values, n=100, method="inclusive")
    return [cuts[49], cuts[94], cuts[98]]


def report(tally, found, args, load_before):
    orders = tally.orders
    rate = len(orders) / tally.elapsed
    print(f"\n{args.buyers} guest buyers, {args.payment} payment, gunicorn {args.workers} sync workers, "
          f"{args.seconds} s, stock {'plenty' if args.stock is None else args.stock}; "
          f"load average {load_before:.1f} before, {os.getloadavg()[0]:.1f} after\n")
    print(f"orders placed: {len(orders)} in {tally.elapsed:.1f} s: {rate:.1f} orders/s")
    if args.stock is not None:
        last = f"{tally.last_order_at - tally.started:.1f} s after the start" if orders else "never"
        print(f"last order placed {last}; told it is sold out: {tally.sold_out['product page']} on the product "
              f"page, {tally.sold_out['add to basket']} when adding, {tally.sold_out['checkout']} during checkout, "
              f"{tally.sold_out['place order']} when placing")
    print(f"errors: {len(tally.errors)}" + "".join(f"\n  {e}" for e in sorted(set(tally.errors))[:10]))
    print("\n| per order, ms | p50 | p95 | p99 |\n| --- | ---: | ---: | ---: |")
    rows = [("server time", [o["server"] for o in orders]),
            ("server time excluding Stripe", [o["server"] - o["stripe"] for o in orders]),
            ("Stripe's share (server-side)", [o["stripe"] for o in orders]),
            ("buyer's wall time", [o["wall"] for o in orders])]
    steps = sorted({step for o in orders for step, *_ in o["steps"]}, key=lambda s: STEP_ORDER.index(s))
    for step in steps:
        rows.append((f"step: {step}, excluding Stripe", [sum(t - s for name, t, s in o["steps"] if name == step)
                                                          for o in orders if any(n == step for n, *_ in o["steps"])]))
    for label, values in rows:
        print(f"| {label} | " + " | ".join(f"{v:.1f}" for v in percentiles(values)) + " |")
    ok = (not found["oversold"] and not found["mismatched"] and found["orders"] == len(orders) + tally.warm_up
          and found["units_sold"] == found["allocated_in_run"])
    print(f"\nstock audit: {found['orders']} new orders in the database ({tally.warm_up} of them warm-up orders), "
          f"{found['units_sold']} units of the sold product in them, its allocation grew by "
          f"{found['allocated_in_run']}, {found['left']} left; "
          f"records allocated beyond stock: {len(found['oversold'])}; records whose allocation differs from "
          f"their order lines': {len(found['mismatched'])}")
    print("no oversell" if ok else "STOCK AUDIT FAILED")
    excluding = percentiles([o["server"] - o["stripe"] for o in orders])[1]
    print(f"\ntargets: ≥ 20 orders/s with 20 buyers: {rate:.1f} {'met' if rate >= 20 else 'missed'}; "
          f"p95 server time excluding Stripe ≤ 300 ms: {excluding:.0f} {'met' if excluding <= 300 else 'missed'}; "
          f"no oversell: {'met' if ok else 'missed'}")
    return ok


STEP_ORDER = ["product page", "add to basket", "checkout", "guest email", "shipping address", "shipping method",
              "payment details", "preview", "place order"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--buyers", type=int, default=20, help="concurrent guest buyers (default 20)")
    parser.add_argument("--seconds", type=float, default=20, help="how long buyers keep ordering (default 20)")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn sync workers (default 4)")
    parser.add_argument("--payment", choices=["card", "demo"], default="card")
    parser.add_argument("--stock", type=int, help="units of the sold product left to sell (default plenty)")
    parser.add_argument("--tiny", action="store_true",
                        help="3 buyers, 3 seconds, 2 workers, 2 units left (so at least one buyer is refused)")
    parser.add_argument("--name", default=NAME, help=f"database name (default {NAME})")
    parser.add_argument("--template", help="create the database (first run) as a copy of this migrated one")
    parser.add_argument("--port", type=int, default=PORT, help=f"gunicorn's loopback port (default {PORT})")
    args = parser.parse_args()
    if args.tiny:
        args.buyers, args.seconds, args.workers, args.stock = 3, 3, 2, 2 if args.stock is None else args.stock
    (ROOT / "var").mkdir(exist_ok=True)
    print("Starting PostgreSQL and Redis…", flush=True)
    env = load.stack_environment(args.name, load.start_services("database"), args.workers)
    load.ensure_database(env, args.template)
    print("Building the demo store (once; later runs reuse it)…", flush=True)
    load.build_store(env, 0)
    # One warm-up order per worker first (not measured), so no buyer waits on a cold process.
    start = django_call(env, f"b.prepare({(PLENTY if args.stock is None else args.stock) + args.workers})")
    server_env = {**env, "BENCH_SERVER_TIMING": "1"}
    if args.payment == "demo":
        tally = serve_and_buy({**server_env, "BENCH_DEMO_PAYMENTS": "1"}, args, start, None)
    else:
        from tests import services

        log = ROOT / "var" / "bench-localstripe.log"
        with services.localstripe(ROOT / "tests" / "run_localstripe.py", log, env["STRIPE_SECRET_KEY"]) as base:
            stripe = Localstripe(base, env["STRIPE_SECRET_KEY"])
            tally = serve_and_buy({**server_env, "STRIPE_API_BASE": base, "STRIPE_JS_URL": f"{base}/js.stripe.com/v3/"},
                                  args, start, stripe)
    found = django_call(env, f"b.audit({start!r})")
    if not report(tally, found, args, tally.load_before):
        raise SystemExit(1)
    if not tally.orders:
        raise SystemExit("no order was placed")


def serve_and_buy(env, args, start, stripe):
    server, base = load.serve(env, args.workers, args.port)
    try:
        load_before = os.getloadavg()[0]
        print(f"{args.buyers} buyers ordering for {args.seconds:g} s…", flush=True)
        warm_up = run_buyers(base, base + start["url"], stripe, args.workers, 0, rounds=1)
        if len(warm_up.orders) != args.workers:
            raise SystemExit(f"the warm-up orders failed: {warm_up.errors or warm_up.sold_out}")
        tally = run_buyers(base, base + start["url"], stripe, args.buyers, args.seconds)
        tally.load_before, tally.warm_up = load_before, len(warm_up.orders)
    finally:
        server.terminate()
        server.wait(timeout=30)
    return tally


if __name__ == "__main__":
    main()
