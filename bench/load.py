"""Load benchmark: the production-like stack on loopback, driven by wrk, page by page.

    .venv/bin/python bench/load.py [--products 10000] [--seconds 10] [--workers 2]
    .venv/bin/python bench/load.py --tiny --search database   # the demo store, 1 s a page

Starts PostgreSQL, Redis and OpenSearch (scripts/start-services: it installs their Debian
packages as root, or names the missing ones and stops), builds the demo store in a
database of its own (--name, larder_bench; --template copies a migrated one) topped up to
--products, indexes it on OpenSearch (or --search database), serves it with gunicorn
(production settings, DEBUG off, sync workers, --port) and
runs `wrk -t2 -c8` against each page: anonymous visitors (the page cache answers) and a
signed-in shopper (every page rendered), a mixed shopper visit, and a trivial view
behind the same middleware, all in one run so the ratios hold on any machine. Prints a
Markdown table and writes var/<name>-load.json. Needs wrk (apt-get install wrk).
REDIS_PORT and PG_PORT (6379, 5432) say where the services listen.

    .venv/bin/python bench/load.py --orders-per-second 1 5   # the anonymous pages again, while orders land

With --orders-per-second, the anonymous pages are measured again while a separate
process allocates stock as placing an order does (one unit of a well-stocked product, in
a transaction with the row locked, Oscar's `allocate`) at each rate, and the table adds
each page's share of its quiet throughput and its p99 against quiet.
"""
import argparse
import json
import os
import random
import re
import shutil
import subprocess
import sys
import time
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


def fixtures(env):
    """URLs of one real page of each kind and a signed-in shopper's session, from the database."""
    code = "import bench.load as b, json; print(json.dumps(b.pick_pages()))"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def pick_pages():
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.middleware.csrf import _get_new_csrf_string
    from django.test import Client
    from oscar.core.loading import get_model

    from content.models import BlogPage

    Category = get_model("catalogue", "Category")
    Product = get_model("catalogue", "Product")
    preserves = Category.objects.get(name="Preserves")
    product = Product.objects.browsable().filter(categories=preserves, stockrecords__num_in_stock__gt=5).first()
    extra = Product.objects.browsable().filter(stockrecords__num_in_stock__gt=100).exclude(pk=product.pk).first()
    user, _ = get_user_model().objects.get_or_create(email="bench.shopper@example.com")
    client = Client()
    client.force_login(user)
    token = _get_new_csrf_string()
    return {
        "category": preserves.get_absolute_url(), "product": product.get_absolute_url(),
        "blog": BlogPage.objects.live().first().url, "add": f"/shop/basket/add/{(extra or product).pk}/",
        "cookie": f"sessionid={client.cookies['sessionid'].value}; csrftoken={token}", "token": token,
    }


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
    return {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)), "p50": latency["50"],
            "p99": latency["99"], "errors": int(errors.group(1)) if errors else 0}


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
                        help="measure the anonymous pages again while orders allocate stock at these rates")
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
    pages = fixtures(env)
    server, base = serve(env, args.workers, args.port)
    try:
        rows = measure(base, pages, args.seconds)
        for rate in args.orders_per_second:
            rows += measure_under_orders(base, pages, args.seconds, rate, env, rows)
    finally:
        server.terminate()
        server.wait(timeout=30)
    report(rows, args)


def measure(base, pages, seconds):
    shopper = pages["cookie"]
    plan = [
        ("trivial view (ceiling)", "/__bench__/trivial/", None, False),
        ("home, anonymous", "/", None, True),
        ("category, anonymous", pages["category"], None, True),
        ("product, anonymous", pages["product"], None, True),
        ("blog post, anonymous", pages["blog"], None, True),
        ("search, anonymous", "/search/?q=olive+oil", None, False),
        ("category, signed in", pages["category"], shopper, False),
        ("product, signed in", pages["product"], shopper, False),
        ("search, signed in", "/search/?q=olive+oil", shopper, False),
        ("basket, signed in", "/shop/basket/", shopper, False),
    ]
    rows = []
    for label, path, cookie, cached in plan:
        state = check_answer(base, path, cookie, cached)
        result = wrk(base, path, seconds, cookie)
        rows.append({"page": label, "path": path, "cache": state, **result})
        print(f"  {label:<26} {result['rps']:>8.1f} req/s  p50 {result['p50']:7.2f} ms  p99 {result['p99']:7.2f} ms",
              flush=True)
    visit = [f"GET:{p}" for p in ("/", pages["category"], pages["product"], "/search/?q=jam")] + [
        f"POST:{pages['add']}", "GET:/shop/basket/", "GET:/shop/checkout/shipping-address/"]
    result = wrk(base, "/", seconds, script=ROOT / "bench" / "mixed_shopper.lua",
                 script_args=[shopper, pages["token"], *visit])
    rows.append({"page": "mixed shopper visit (7 steps)", "path": " → ".join(visit), "cache": "mixed", **result})
    return rows


ANONYMOUS = ("home, anonymous", "category, anonymous", "product, anonymous")


def measure_under_orders(base, pages, seconds, rate, env, quiet_rows):
    """The anonymous pages while stock is allocated `rate` times a second in another process."""
    quiet = {r["page"]: r for r in quiet_rows}
    seller = subprocess.Popen([sys.executable, "-c", f"import bench.load as b; b.sell({rate})"], cwd=ROOT, env=env,
                              stdout=subprocess.PIPE, text=True)
    try:
        if seller.stdout.readline().strip() != "selling":
            raise SystemExit("the order process did not start")
        rows = []
        for label in ANONYMOUS:
            path = quiet[label]["path"]
            result = wrk(base, path, seconds)
            share, slower = result["rps"] / quiet[label]["rps"], result["p99"] / quiet[label]["p99"]
            rows.append({"page": f"{label}, {rate:g} orders/s", "path": path, "cache": "under orders",
                         "of_quiet": share, "p99_of_quiet": slower, **result})
            print(f"  {rows[-1]['page']:<36} {result['rps']:>8.1f} req/s ({100 * share:.0f} % of quiet)"
                  f"  p99 {result['p99']:7.2f} ms ({slower:.1f}× quiet)", flush=True)
    finally:
        seller.terminate()
        seller.wait(timeout=30)
    return rows


def sell(rate):
    """(In a Django process) allocate one unit of a well-stocked product `rate` times a second, as
    placing an order does, until terminated."""
    import django

    django.setup()
    from django.db import transaction
    from oscar.core.loading import get_model

    StockRecord = get_model("partner", "StockRecord")
    record = StockRecord.objects.filter(product__categories__name="Preserves", num_in_stock__gt=5).first()
    with transaction.atomic():  # plenty on the shelf for the whole run: only the count changes
        StockRecord.objects.filter(pk=record.pk).update(num_in_stock=10**9, num_allocated=0)
    print("selling", flush=True)
    interval = 1 / rate
    while True:
        started = time.monotonic()
        with transaction.atomic():
            StockRecord.objects.select_for_update().get(pk=record.pk).allocate(1)
        time.sleep(max(0.0, interval - (time.monotonic() - started)))


def report(rows, args):
    ceiling = rows[0]["rps"]
    store = f"{args.products:,} products" if args.products else "the demo store"
    print(f"\n{store}, {args.search} search, gunicorn {args.workers} sync workers, wrk -t2 -c8 -d{args.seconds}s, "
          f"load average {os.getloadavg()[0]:.1f}\n")
    print("| page | requests/s | share of trivial | p50 ms | p99 ms | p99/p50 | errors | share of quiet |"
          " p99 of quiet |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for r in rows:
        under = (f" {100 * r['of_quiet']:.0f} % | {r['p99_of_quiet']:.1f}× |" if "of_quiet" in r else " | |")
        print(f"| {r['page']} | {r['rps']:,.0f} | {100 * r['rps'] / ceiling:.0f} % | {r['p50']:.1f} | {r['p99']:.1f} |"
              f" {r['p99'] / r['p50']:.1f}× | {r['errors']} |{under}")
    (ROOT / "var" / f"{args.name}-load.json").write_text(json.dumps({"args": vars(args), "rows": rows}, indent=2))


if __name__ == "__main__":
    main()
