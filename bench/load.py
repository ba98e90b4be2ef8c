"""Load benchmark: the production-like stack on loopback, driven by wrk, page by page.

    .venv/bin/python bench/load.py [--products 10000] [--seconds 10] [--workers 2]
    .venv/bin/python bench/load.py --tiny --search database   # the demo store, 1 s a page

Starts PostgreSQL, Redis and OpenSearch (scripts/start-services: it installs their Debian
packages as root, or names the missing ones and stops), builds the demo store in a
database of its own (--name, larder_bench; --template copies a migrated one) topped up to
--products, indexes it on OpenSearch (or --search database), serves it with gunicorn
(production settings, DEBUG off, sync workers, --port) and
runs `wrk -t2 -c8` against each page: anonymous visitors (the page cache answers) and a
signed-in shopper (every page rendered), a mixed shopper visit, and two trivial views
behind the same middleware (anonymous, and signed in), all in one run so the ratios hold on any machine. Prints a
Markdown table and writes var/<name>-load.json. Needs wrk (apt-get install wrk).
REDIS_PORT and PG_PORT (6379, 5432) say where the services listen.

    .venv/bin/python bench/load.py --orders-per-second 1 5   # every page again, while orders land

With --orders-per-second, every page is measured again while a separate process
allocates stock as placing an order does (one unit of a well-stocked product, in a
transaction with the row locked, Oscar's `allocate`) at each rate, and the table adds
each page's share of its quiet throughput and its p99 against quiet.

Signed-in pages are compared with a signed-in trivial view (the session and the user
loaded, nothing else: bench/urls.py), anonymous ones with the anonymous trivial view.

    .venv/bin/python bench/load.py --spread [1000]   # anonymous visitors over 1,000 pages

--spread measures anonymous visitors spread over that many different pages (a fifth
category listings, page by page, the rest product pages picked from the database;
spread_visitor.lua picks one at random for each request) and prints the page cache's hit
rate, once quiet and, with --orders-per-second, while orders land at each rate. Those
orders are spread too: each allocates one unit of a random product among the spread's
that has stock (so "Only N left" lines change as they would in a sale), and what was
allocated is given back afterwards. Every URL is requested once before each spread run,
so it starts from a warm cache as a shop that has been open a while does.
"""
import argparse
import contextlib
import json
import math
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import databases  # noqa: E402

PORT = 8811
NAME = "larder_bench"
PG_PORT = os.environ.get("PG_PORT", "5432")
REDIS_PORT = os.environ.get("REDIS_PORT", "6379")


def start_services(search):
    """PostgreSQL, Redis and (for --search opensearch) OpenSearch; returns OpenSearch's URL or ""."""
    wanted = ["postgres", "redis"] + (["opensearch"] if search == "opensearch" else [])
    # stderr passes through: when packages are missing, the script names them there.
    out = subprocess.run([str(ROOT / "scripts" / "start-services"), *wanted], stdout=subprocess.PIPE, text=True,
                         env={**os.environ, "PG_PORT": PG_PORT, "REDIS_PORT": REDIS_PORT})
    if out.returncode != 0:
        raise SystemExit(f"scripts/start-services {' '.join(wanted)} failed (exit {out.returncode}); see above")
    return out.stdout.strip().splitlines()[-1] if search == "opensearch" else ""


def stack_environment(name, opensearch_url, workers):
    db = os.environ.get("BENCH_DATABASE_URL", f"postgres://larder:larder@127.0.0.1:{PG_PORT}/{name}")
    search = {"SEARCH_ENGINE": "database"}
    if opensearch_url:
        search = {"SEARCH_ENGINE": "opensearch", "SEARCH_URL": opensearch_url,
                  "SEARCH_INDEX_PREFIX": name.replace("_", "-")}
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "SECRET_KEY": "bench-only-secret-key-not-for-production-3f9c1e7a5b2d4f6e8a0c",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": db,
        "REDIS_URL": f"redis://127.0.0.1:{REDIS_PORT}/6",
        "CELERY_BROKER_URL": f"redis://127.0.0.1:{REDIS_PORT}/7",
        **search,
        "SECURE_SSL_REDIRECT": "false",
        "STRIPE_SECRET_KEY": "sk_test_bench", "STRIPE_PUBLISHABLE_KEY": "pk_test_bench",
        "STRIPE_WEBHOOK_SECRET": "whsec_bench",
        "MEDIA_ROOT": str(ROOT / "var" / "bench-media"),
        "LOG_LEVEL": "WARNING",
        "WEB_CONCURRENCY": str(workers),
    }


def ensure_database(env, template=None):
    """The benchmark's database, created (as a copy of `template` when given) on its first run."""
    server, name = env["DATABASE_URL"].rsplit("/", 1)
    if not databases.exists(server, name):
        databases.create(server, name, template=template)


def build_store(env, products):
    """Migrate, load the demo store, top it up, index it, collect static files (each idempotent)."""
    manage = [sys.executable, "manage.py"]
    for command in (["migrate", "--noinput", "-v0"], ["load_demo_store", "-v0"]):
        subprocess.run(manage + command, cwd=ROOT, env=env, check=True)
    subprocess.run([sys.executable, "-c", f"import bench.load as b; b.top_up({products}); b.collect_static()"],
                   cwd=ROOT, env=env, check=True)
    subprocess.run(manage + ["rebuild_search_index", "-v0"], cwd=ROOT, env=env, check=True)


def top_up(products):
    """(In a Django process) generate products up to `products`, in the demo's categories."""
    import django

    django.setup()
    from bench.search_bench import generate

    generate(products, random.Random(10))


def collect_static():
    """(In a Django process) collectstatic, unless no static source changed since it last ran.

    Compressing every file again takes minutes on a small machine; the sources' names,
    sizes and modification times say whether anything would change.
    """
    import hashlib

    import django

    django.setup()
    from django.conf import settings
    from django.contrib.staticfiles.finders import get_finders
    from django.core.management import call_command

    digest = hashlib.sha256(settings.STORAGES["staticfiles"]["BACKEND"].encode())
    for finder in get_finders():
        for path, storage in sorted(finder.list([]), key=lambda found: found[0]):
            stat = os.stat(storage.path(path))
            digest.update(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    root = Path(settings.STATIC_ROOT)
    stamp = root / ".sources.sha256"
    if (root / "staticfiles.json").exists() and stamp.exists() and stamp.read_text() == digest.hexdigest():
        return
    call_command("collectstatic", interactive=False, verbosity=0)
    stamp.write_text(digest.hexdigest())


def fixtures(env, spread=0):
    """URLs of one real page of each kind, a signed-in shopper's session and `spread` pages'
    addresses with their products, from the database."""
    code = f"import bench.load as b, json; print(json.dumps(b.pick_pages({spread})))"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def pick_pages(spread=0):
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.middleware.csrf import _get_new_csrf_string
    from django.test import Client
    from oscar.core.loading import get_class, get_model

    from content.models import BlogPage

    Category = get_model("catalogue", "Category")
    Product = get_model("catalogue", "Product")
    Selector = get_class("partner.strategy", "Selector")
    preserves = Category.objects.get(name="Preserves")
    product = Product.objects.browsable().filter(categories=preserves, stockrecords__num_in_stock__gt=5).first()
    extra = Product.objects.browsable().filter(stockrecords__num_in_stock__gt=100).exclude(pk=product.pk).first()
    user, _ = get_user_model().objects.get_or_create(email="bench.shopper@example.com")
    basket, _ = get_model("basket", "Basket").open.get_or_create(owner=user)
    basket.flush()  # one line in every run, whatever the last one's shopper visits added
    basket.strategy = Selector().strategy(user=user)
    basket.add_product(extra or product, 1)
    client = Client()
    client.force_login(user)
    token = _get_new_csrf_string()
    return {
        "category": preserves.get_absolute_url(), "product": product.get_absolute_url(),
        "blog": BlogPage.objects.live().first().url, "add": f"/shop/basket/add/{(extra or product).pk}/",
        "cookie": f"sessionid={client.cookies['sessionid'].value}; csrftoken={token}", "token": token,
        **pick_spread(spread, random.Random(spread)),
    }


def pick_spread(count, rng):
    """(In a Django process) `count` anonymous pages' addresses, or as many as there are: a
    fifth category listings (page 1 of every category, then page 2 of each that has one...),
    the rest product pages picked at random; and those products' ids, for the orders."""
    from django.conf import settings
    from oscar.core.loading import get_model

    if not count:
        return {"spread": [], "spread_products": []}
    Category = get_model("catalogue", "Category")
    Product = get_model("catalogue", "Product")
    per_page = settings.OSCAR_PRODUCTS_PER_PAGE
    pages = {}  # a listing shows at least its own products, so these pages all exist
    for category in Category.objects.order_by("path"):
        shown = Product.objects.browsable().filter(categories=category).count()
        pages[category.get_absolute_url()] = max(1, -(-shown // per_page))
    listings = [url if number == 1 else f"{url}?page={number}" for number in range(1, max(pages.values()) + 1)
                for url, last in pages.items() if number <= last][:count // 5]
    products = list(Product.objects.browsable().only("pk", "slug").order_by("pk"))
    chosen = rng.sample(products, min(len(products), count - len(listings)))
    return {"spread": listings + [product.get_absolute_url() for product in chosen],
            "spread_products": [product.pk for product in chosen]}


def port_in_use(port):
    import socket

    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


def serve(env, workers, port):
    """gunicorn on 127.0.0.1:`port`, answering; returns (process, base URL)."""
    if port_in_use(port):  # an old server there would be measured instead of this code
        raise SystemExit(f"127.0.0.1:{port} is already in use; stop whatever listens there first")
    base = f"http://127.0.0.1:{port}"
    log = open(ROOT / "var" / "bench-gunicorn.log", "w")  # noqa: SIM115  closed with the process
    proc = subprocess.Popen([sys.executable, "-m", "gunicorn", "config.wsgi", "-w", str(workers), "-b",
                             f"127.0.0.1:{port}", "--access-logfile", "-" if os.environ.get("BENCH_ACCESS_LOG") else
                             "/dev/null", "--error-logfile", "-"], cwd=ROOT, env=env, stdout=log,
                            stderr=subprocess.STDOUT)
    for _ in range(100):
        if proc.poll() is not None:
            break
        try:
            if requests.get(f"{base}/__bench__/trivial/", timeout=10).ok:
                return proc, base
        except requests.RequestException:  # not listening yet, or still importing the site
            pass
        time.sleep(0.2)
    proc.kill()
    raise SystemExit("gunicorn did not start; see var/bench-gunicorn.log")


UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def wrk(base, path, seconds, cookie=None, script=None, script_args=()):
    command = ["wrk", "-t2", "-c8", f"-d{seconds}s", "--latency", "-H", "Accept-Encoding: gzip"]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    if script:
        command += ["-s", str(script)]
    command.append(base + path)
    if script_args:
        command += ["--", *script_args]
    out = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    latency = {p: float(v) * UNITS[u] for p, v, u in re.findall(r"^\s+(50|99)%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)}
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    result = {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)), "p50": latency["50"],
              "p99": latency["99"], "errors": int(errors.group(1)) if errors else 0}
    answers = re.search(r"^page cache: (.*)$", out, re.M)  # spread_visitor.lua's count
    if answers:
        words = answers.group(1).split()
        result["page_cache"] = {name: int(n) for name, n in zip(words[::2], words[1::2], strict=True)}
    return result


def check_answer(base, path, cookie, expect_cache):
    """The page answers 200 and, for anonymous visitors, from the page cache."""
    headers = {"Cookie": cookie} if cookie else {}
    for _ in range(2):  # the first request fills the cache
        response = requests.get(base + path, headers=headers, timeout=30)
    response.raise_for_status()
    state = response.headers.get("X-Page-Cache", "not cacheable")
    if expect_cache and state != "hit":
        raise SystemExit(f"{path} should come from the page cache for anonymous visitors, got {state}")
    return state


SPREAD = 1_000


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--products", type=int, default=10_000)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers (default 2)")
    parser.add_argument("--tiny", action="store_true",
                        help="the demo store as it is, 1 second a page, 1 worker: a check that it still runs")
    parser.add_argument("--search", choices=["opensearch", "database"], default="opensearch")
    parser.add_argument("--name", default=NAME, help=f"database name and index prefix (default {NAME})")
    parser.add_argument("--template", help="create the database (first run) as a copy of this migrated one")
    parser.add_argument("--port", type=int, default=PORT, help=f"gunicorn's loopback port (default {PORT})")
    parser.add_argument("--orders-per-second", type=float, nargs="*", default=[], metavar="RATE",
                        help="measure every page (and the spread) again while orders allocate stock at these rates")
    parser.add_argument("--spread", type=int, nargs="?", const=SPREAD, default=0, metavar="PAGES",
                        help=f"anonymous visitors over this many different pages (default {SPREAD:,}), "
                             "with the page cache's hit rate")
    args = parser.parse_args()
    if args.tiny:
        args.products, args.seconds, args.workers = 0, 1, 1
    if not shutil.which("wrk"):
        raise SystemExit("wrk is needed: apt-get install wrk")
    (ROOT / "var").mkdir(exist_ok=True)
    print(f"Starting PostgreSQL, Redis{' and OpenSearch' if args.search == 'opensearch' else ''}…", flush=True)
    env = stack_environment(args.name, start_services(args.search), args.workers)
    ensure_database(env, args.template)
    print(f"Building the demo store{f' with {args.products:,} products' if args.products else ''} (once; later runs"
          " reuse it)…", flush=True)
    build_store(env, args.products)
    pages = fixtures(env, args.spread)
    server, base = serve(env, args.workers, args.port)
    try:
        rows = measure(base, pages, args.seconds)
        for rate in args.orders_per_second:
            rows += measure_under_orders(base, pages, args.seconds, rate, env, rows)
        spread = measure_spread(base, pages, args, env) if args.spread else []
    finally:
        server.terminate()
        server.wait(timeout=30)
    report(rows, spread, args)


def plan(pages):
    """(label, path, signed in, answered by the page cache) for every page measured."""
    search = "/search/?q=olive+oil"
    return [
        ("trivial view, anonymous", "/__bench__/trivial/", False, False),
        ("home, anonymous", "/", False, True),
        ("category, anonymous", pages["category"], False, True),
        ("product, anonymous", pages["product"], False, True),
        ("blog post, anonymous", pages["blog"], False, True),
        ("search, anonymous", search, False, False),
        ("basket (empty), anonymous", "/shop/basket/", False, False),
        ("trivial view, signed in", "/__bench__/trivial/signed-in/", True, False),
        ("category, signed in", pages["category"], True, False),
        ("product, signed in", pages["product"], True, False),
        ("search, signed in", search, True, False),
        ("basket (one line), signed in", "/shop/basket/", True, False),
    ]


def show(row, quiet=None):
    line = f"  {row['page']:<44} {row['rps']:>8.1f} req/s"
    if quiet:
        line += f" ({100 * row['of_quiet']:.0f} % of quiet)"
    line += f"  p50 {row['p50']:7.2f} ms  p99 {row['p99']:7.2f} ms"
    if quiet:
        line += f" ({row['p99_of_quiet']:.1f}× quiet)"
    if "page_cache" in row:
        line += "  page cache: " + ", ".join(f"{100 * share:.0f} % {name}" for name, share in shares(row).items())
    print(line, flush=True)


def per(part, whole):
    """part / whole, or NaN (printed "nan") when the whole measured nothing: an overloaded
    machine can finish no request of a step in a short run, and the report still prints."""
    return part / whole if whole else math.nan


def compared(row, quiet):
    """`row`, with its throughput's share of `quiet`'s and its p99 against quiet's."""
    return {**row, "of_quiet": per(row["rps"], quiet["rps"]), "p99_of_quiet": per(row["p99"], quiet["p99"])}


def measure(base, pages, seconds):
    rows = []
    for label, path, signed_in, cached in plan(pages):
        cookie = pages["cookie"] if signed_in else None
        state = check_answer(base, path, cookie, cached)
        result = wrk(base, path, seconds, cookie)
        rows.append({"page": label, "path": path, "signed_in": signed_in, "orders_per_second": 0, "cache": state,
                     **result})
        show(rows[-1])
    visit = [f"GET:{p}" for p in ("/", pages["category"], pages["product"], "/search/?q=jam")] + [
        f"POST:{pages['add']}", "GET:/shop/basket/", "GET:/shop/checkout/shipping-address/"]
    result = wrk(base, "/", seconds, script=ROOT / "bench" / "mixed_shopper.lua",
                 script_args=[pages["cookie"], pages["token"], *visit])
    rows.append({"page": "mixed shopper visit (7 steps)", "path": " → ".join(visit), "signed_in": True,
                 "orders_per_second": 0, "cache": "mixed", **result})
    show(rows[-1])
    return rows


def measure_under_orders(base, pages, seconds, rate, env, quiet_rows):
    """Every page of the plan again while stock is allocated `rate` times a second in another process."""
    quiet = {r["page"]: r for r in quiet_rows}
    rows = []
    with orders_landing(env, rate):
        for label, path, signed_in, _ in plan(pages):
            result = wrk(base, path, seconds, pages["cookie"] if signed_in else None)
            rows.append(compared({"page": f"{label}, {rate:g} orders/s", "path": path, "signed_in": signed_in,
                                  "orders_per_second": rate, "cache": "under orders", **result}, quiet[label]))
            show(rows[-1], quiet[label])
    return rows


def measure_spread(base, pages, args, env):
    """Anonymous visitors over the spread's pages, quiet and while orders for its products land."""
    paths = pages["spread"]
    listing = ROOT / "var" / f"{args.name}-spread.txt"
    listing.write_text("\n".join(paths) + "\n")
    products = ROOT / "var" / f"{args.name}-spread-products.json"
    products.write_text(json.dumps(pages["spread_products"]))
    listings = len(paths) - len(pages["spread_products"])
    print(f"Spread over {len(paths):,} pages ({listings} category listing pages, the rest product pages):", flush=True)
    rows = []
    for rate in [0, *args.orders_per_second]:
        started = time.monotonic()
        warm(base, paths)
        print(f"  (every page requested once first: {time.monotonic() - started:.0f} s)", flush=True)
        with orders_landing(env, rate, products) if rate else contextlib.nullcontext():
            result = wrk(base, paths[0], args.seconds, script=ROOT / "bench" / "spread_visitor.lua",
                         script_args=[str(listing)])
        row = {"page": f"spread over {len(paths):,} pages, {f'{rate:g} orders/s' if rate else 'quiet'}",
               "pages": len(paths), "signed_in": False, "cache": "spread", **result}
        rows.append(compared(row, rows[0]) if rate else row)
        show(rows[-1], rows[0] if rate else None)
    return rows


def warm(base, paths):
    """Each page once, four at a time, so that its render is kept; every one must answer 200."""
    def status(path):
        return path, requests.get(base + path, headers={"Accept-Encoding": "gzip"}, timeout=60).status_code

    with ThreadPoolExecutor(4) as pool:
        failed = [(path, code) for path, code in pool.map(status, paths) if code != 200]
    if failed:
        raise SystemExit(f"{len(failed)} pages of the spread did not answer 200, e.g. {failed[:3]}")


def shares(row):
    answers = row["page_cache"]
    total = sum(answers.values()) or 1
    return {name: answers[name] / total for name in ("hit", "previous", "miss", "other")}


@contextlib.contextmanager
def orders_landing(env, rate, products=None):
    """A separate process allocating stock `rate` times a second while the block runs (`sell`)."""
    spread = f", {str(products)!r}" if products else ""
    seller = subprocess.Popen([sys.executable, "-c", f"import bench.load as b; b.sell({rate}{spread})"], cwd=ROOT,
                              env=env, stdout=subprocess.PIPE, text=True)
    try:
        if seller.stdout.readline().strip() != "selling":
            raise SystemExit("the order process did not start")
        yield
    finally:
        seller.terminate()  # it gives back what it allocated on the way out
        seller.wait(timeout=60)
    if seller.returncode != 0:
        raise SystemExit(f"the order process failed (exit {seller.returncode})")


def sell(rate, spread=None):
    """(In a Django process) allocate one unit `rate` times a second, as placing an order does
    (in a transaction, the stock record's row locked), until terminated.

    Without `spread`: always the same well-stocked product, with plenty on the shelf for
    the whole run, so only its count changes. With `spread` (a file of product ids): a
    random one of those products that has stock left, so some of them sell down to "Only N
    left" or out, as in a sale; everything allocated is cancelled on the way out, so the
    next run finds the same stock.
    """
    import django

    django.setup()
    from django.db import transaction
    from oscar.core.loading import get_model

    StockRecord = get_model("partner", "StockRecord")
    if spread:
        products, rng, allocated = json.loads(Path(spread).read_text()), random.Random(rate), {}
    else:
        record = StockRecord.objects.filter(product__categories__name="Preserves", num_in_stock__gt=5).first()
        with transaction.atomic():
            StockRecord.objects.filter(pk=record.pk).update(num_in_stock=10**9, num_allocated=0)
    # Terminating ends the loop between orders, never inside one (nor inside an import).
    stopping = []
    signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
    print("selling", flush=True)
    interval = 1 / rate
    try:
        while not stopping:
            started = time.monotonic()
            with transaction.atomic():
                if spread:
                    sold = allocate_one_of(StockRecord, products, rng)
                else:
                    StockRecord.objects.select_for_update().get(pk=record.pk).allocate(1)
            if spread and sold is not None:  # committed
                allocated[sold] = allocated.get(sold, 0) + 1
            while not stopping and time.monotonic() - started < interval:
                time.sleep(min(0.05, interval))
    finally:
        if spread:
            for pk, units in allocated.items():
                with transaction.atomic():
                    StockRecord.objects.select_for_update().get(pk=pk).cancel_allocation(units)


def allocate_one_of(StockRecord, products, rng, tries=10):  # noqa: N803  the model class
    """One unit of a random product among `products` with stock left (inside a transaction);
    the stock record's id, or None when `tries` picks found none."""
    for _ in range(tries):
        record = StockRecord.objects.select_for_update().filter(product_id=rng.choice(products)).first()
        if record is not None and record.can_track_allocations and record.net_stock_level > 0:
            record.allocate(1)
            return record.pk
    return None


def report(rows, spread, args):
    # Each row against the trivial view of its kind measured under the same orders (or none).
    ceilings = {(r["signed_in"], r["orders_per_second"]): r["rps"] for r in rows if r["path"].startswith("/__bench__/")}
    store = f"{args.products:,} products" if args.products else "the demo store"
    print(f"\n{store}, {args.search} search, gunicorn {args.workers} sync workers, wrk -t2 -c8 -d{args.seconds}s, "
          f"load average {os.getloadavg()[0]:.1f}\n")
    print("Share of trivial: of the trivial view of the page's kind, under the same orders (anonymous pages of the"
          " anonymous one, signed-in pages of the signed-in one, which loads the session and the user).\n")
    print("| page | requests/s | share of trivial | p50 ms | p99 ms | p99/p50 | errors | share of quiet |"
          " p99 of quiet |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for r in rows:
        under = (f" {100 * r['of_quiet']:.0f} % | {r['p99_of_quiet']:.1f}× |" if "of_quiet" in r else " | |")
        share = per(r["rps"], ceilings[r["signed_in"], r["orders_per_second"]])
        print(f"| {r['page']} | {r['rps']:,.0f} | {100 * share:.0f} % | {r['p50']:.1f} | {r['p99']:.1f} |"
              f" {per(r['p99'], r['p50']):.1f}× | {r['errors']} |{under}")
    if spread:
        print("\n| anonymous visitors, spread | requests/s | p50 ms | p99 ms | errors | page cache hit | previous |"
              " miss | share of quiet | p99 of quiet |")
        print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
        for r in spread:
            part = shares(r)
            under = (f" {100 * r['of_quiet']:.0f} % | {r['p99_of_quiet']:.1f}× |" if "of_quiet" in r else " | |")
            print(f"| {r['page']} | {r['rps']:,.0f} | {r['p50']:.1f} | {r['p99']:.1f} | {r['errors']} |"
                  f" {100 * part['hit']:.1f} % | {100 * part['previous']:.1f} % | {100 * part['miss']:.1f} % |{under}")
    (ROOT / "var" / f"{args.name}-load.json").write_text(
        json.dumps({"args": vars(args), "rows": rows, "spread": spread}, indent=2))


if __name__ == "__main__":
    main()
