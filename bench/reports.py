"""Benchmark the reports on PostgreSQL with 1,000,000 order lines over two years.

    .venv/bin/python bench/reports.py                 # create, fill, time, drop larder_bench_reports
    .venv/bin/python bench/reports.py --keep          # leave the database for a second look
    .venv/bin/python bench/reports.py --reuse --keep  # time again without regenerating
    .venv/bin/python bench/reports.py --tiny          # 2,000 lines: does every report still build?

Data is generated inside PostgreSQL (INSERT … SELECT over generate_series), so filling
takes a minute or two on 2 cores; products, customers, baskets and searches scale with
--lines. `--template NAME` starts from a copy of an already migrated database. Exits 1
when a report does not build. Each report is then built by `reports.runs.execute`, the
code the Celery task runs, in a fresh Python process, which prints its wall time and peak
resident memory (the worker's whole process, Django included).
Not a test: it prints figures, recorded in bench/README.md.
"""
import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import databases  # noqa: E402

SERVER = os.environ.get("BENCH_PG", "postgres://larder:larder@127.0.0.1:5432")
NAME = "larder_bench_reports"
DAYS = 730
TINY_LINES = 2_000

CASES = [  # (label, kind, days back from the last day, granularity)
    ("sales, 2 years by month", "sales", DAYS, "month"),
    ("sales, 2 years by day", "sales", DAYS, "day"),
    ("sales, last 30 days by day", "sales", 30, "day"),
    ("inventory, sales of 30 days", "inventory", 30, "day"),
    ("inventory, sales of 2 years", "inventory", DAYS, "day"),
    ("customers, 2 years", "customers", DAYS, "day"),
    ("customers, last 30 days", "customers", 30, "day"),
]


def volumes(lines):
    """Products, customers, baskets and searches beside `lines` order lines (2,000 / 60,000 /
    300,000 / 300,000 at a million lines)."""
    return max(20, lines // 500), max(50, lines * 6 // 100), max(50, lines * 3 // 10), max(50, lines * 3 // 10)


def django_setup(database_url):
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    os.environ["DEBUG"] = "0"  # no query log growing in memory
    os.environ.setdefault("SECRET_KEY", "bench-only")
    import django

    django.setup()


def step(label, sql, params=None):
    from django.db import connection

    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(sql, params or {})
        count = cursor.rowcount
    print(f"  {label:<34} {count:>10,} rows  {time.perf_counter() - started:6.1f} s", flush=True)


def generate(lines):
    from django.core.management import call_command
    from oscar.apps.catalogue.categories import create_from_breadcrumbs
    from oscar.core.loading import get_model

    print("Migrating…", flush=True)
    call_command("migrate", verbosity=0)
    names = ["Pantry > Preserves", "Pantry > Honey", "Pantry > Oils", "Pantry > Spices", "Pantry > Tea",
             "Homewares > Linen", "Homewares > Ceramics", "Homewares > Glass", "Kitchen > Tools", "Kitchen > Knives"]
    cats = [create_from_breadcrumbs(n).pk for n in names]
    product_class = get_model("catalogue", "ProductClass").objects.create(name="Bench goods", track_stock=True)
    partner = get_model("partner", "Partner").objects.create(name="Bench warehouse")
    source_type = get_model("payment", "SourceType").objects.create(name="Card", code="card")
    orders = lines * 2 // 5  # 1–4 lines by order id, 2.5 on average
    products, customers, baskets, searches = volumes(lines)
    p = {"products": products, "customers": customers, "orders": orders, "cats": cats, "pc": product_class.pk,
         "partner": partner.pk, "st": source_type.pk, "days": DAYS, "baskets": baskets, "searches": searches}
    print(f"Generating {lines:,} order lines in {orders:,} orders over {DAYS} days…", flush=True)
    started = time.perf_counter()
    step("products", """
        INSERT INTO catalogue_product (structure, title, slug, description, date_created, date_updated,
                                       is_discountable, is_public, priority, product_class_id)
        SELECT 'standalone', 'Bench product ' || g, 'bench-product-' || g, '', now(), now(), true, true, 0, %(pc)s
        FROM generate_series(1, %(products)s) g""", p)
    step("product categories", """
        INSERT INTO catalogue_productcategory (product_id, category_id)
        SELECT id, (%(cats)s::int[])[1 + id %% cardinality(%(cats)s::int[])] FROM catalogue_product""", p)
    step("stock records", """
        INSERT INTO partner_stockrecord (partner_sku, price_currency, price, cost_price, num_in_stock, num_allocated,
                                         low_stock_threshold, date_created, date_updated, partner_id, product_id)
        SELECT 'SKU-' || id, 'USD', price, round(price * 0.55, 2), (random() * 200)::int, (random() * 4)::int, 10,
               now(), now(), %(partner)s, id
        FROM (SELECT id, round((2 + random() * 46)::numeric, 2) AS price FROM catalogue_product) p""", p)
    step("customers", """
        INSERT INTO accounts_user (password, is_superuser, email, first_name, last_name, is_staff, is_active,
                                   date_joined)
        SELECT '!', false, 'customer' || g || '@bench.example', '', '', false, true, now()
        FROM generate_series(1, %(customers)s) g""", p)
    step("orders", """
        INSERT INTO order_order (number, currency, total_incl_tax, total_excl_tax, shipping_incl_tax,
                                 shipping_excl_tax, shipping_method, shipping_code, status, guest_email, date_placed,
                                 analytics_tracked, carrier, tracking_number, user_id)
        SELECT 'B' || g, 'USD', 0, 0, 0, 0, 'Standard', 'standard',
               CASE WHEN random() < 0.05 THEN 'Cancelled' ELSE 'Delivered' END,
               CASE WHEN r < 0.2 THEN 'guest' || (random() * 20000)::int || '@bench.example' ELSE '' END,
               now() - make_interval(secs => random() * %(days)s * 86400), false, 'usps', 'BENCH' || g,
               CASE WHEN r < 0.2 THEN NULL
                    ELSE (SELECT min(id) FROM accounts_user) + floor(power(random(), 1.5) * %(customers)s)::int END
        FROM (SELECT g, random() AS r FROM generate_series(1, %(orders)s) g) o""", p)
    step("order lines", """
        WITH picks AS MATERIALIZED (
            SELECT o.id AS order_id, o.status,
                   (SELECT min(id) FROM partner_stockrecord) + floor(power(random(), 2) * %(products)s)::int AS sr,
                   1 + floor(power(random(), 3) * 4)::int AS qty
            FROM order_order o CROSS JOIN generate_series(1, 4) k WHERE k <= 1 + o.id %% 4)
        INSERT INTO order_line (order_id, partner_id, partner_name, partner_sku, partner_line_reference,
                                partner_line_notes, stockrecord_id, product_id, title, quantity, line_price_incl_tax,
                                line_price_excl_tax, line_price_before_discounts_incl_tax,
                                line_price_before_discounts_excl_tax, unit_price_incl_tax, unit_price_excl_tax,
                                status, num_allocated, num_consumed, allocation_cancelled)
        SELECT p.order_id, s.partner_id, 'Bench warehouse', s.partner_sku, '', '', s.id, s.product_id,
               'Bench product ' || s.product_id, p.qty, s.price * p.qty, s.price * p.qty, s.price * p.qty,
               s.price * p.qty, s.price, s.price, p.status, 0,
               CASE WHEN p.status = 'Delivered' THEN p.qty ELSE 0 END, false
        FROM picks p JOIN partner_stockrecord s ON s.id = p.sr""", p)
    step("order totals", """
        UPDATE order_order o SET total_incl_tax = l.value + CASE WHEN l.value < 50 THEN 5 ELSE 0 END,
                                 total_excl_tax = l.value + CASE WHEN l.value < 50 THEN 5 ELSE 0 END,
                                 shipping_incl_tax = CASE WHEN l.value < 50 THEN 5 ELSE 0 END,
                                 shipping_excl_tax = CASE WHEN l.value < 50 THEN 5 ELSE 0 END
        FROM (SELECT order_id, sum(line_price_incl_tax) AS value FROM order_line GROUP BY order_id) l
        WHERE l.order_id = o.id""")
    step("voucher discounts (1 in 10)", """
        INSERT INTO order_orderdiscount (order_id, category, offer_name, voucher_code, amount, message)
        SELECT id, 'Basket', 'Bench voucher', 'BENCH10', round(total_incl_tax * 0.1, 2), ''
        FROM order_order WHERE id %% 10 = 0""")
    step("payment sources (refund 1 in 50)", """
        INSERT INTO payment_source (order_id, source_type_id, currency, amount_allocated, amount_debited,
                                    amount_refunded, reference, label)
        SELECT id, %(st)s, 'USD', total_incl_tax, total_incl_tax,
               CASE WHEN id %% 50 = 0 THEN round(total_incl_tax * 0.3, 2) ELSE 0 END, '', ''
        FROM order_order""", p)
    step("baskets", """
        INSERT INTO basket_basket (status, date_created, owner_id)
        SELECT CASE WHEN random() < 0.6 THEN 'Open' ELSE 'Submitted' END,
               now() - make_interval(secs => random() * %(days)s * 86400), NULL
        FROM generate_series(1, %(baskets)s)""", p)
    step("basket lines (open baskets)", """
        INSERT INTO basket_line (basket_id, line_reference, quantity, price_currency, price_excl_tax, price_incl_tax,
                                 date_created, date_updated, product_id, stockrecord_id)
        SELECT b.id, 'l' || b.id, 1, 'USD', s.price, s.price, b.date_created, b.date_created, s.product_id, s.id
        FROM basket_basket b JOIN partner_stockrecord s
             ON s.id = (SELECT min(id) FROM partner_stockrecord) + b.id %% %(products)s
        WHERE b.status = 'Open' AND b.id %% 5 <> 0""", p)
    step("product records", """
        INSERT INTO analytics_productrecord (product_id, num_views, num_basket_additions, num_purchases, score)
        SELECT id, (random() * 5000)::int, (random() * 500)::int, (random() * 100)::int, 0 FROM catalogue_product""")
    step("search queries", """
        INSERT INTO search_searchquery (query, normalized, results_count, kind, session_key, created_at)
        SELECT t, t, CASE WHEN random() < 0.08 THEN 0 ELSE (random() * 40)::int END,
               CASE WHEN random() < 0.3 THEN 'autocomplete' ELSE 'search' END, '',
               now() - make_interval(secs => random() * %(days)s * 86400)
        FROM (SELECT 'term ' || floor(power(random(), 2) * 500)::int AS t FROM generate_series(1, %(searches)s)) q""",
         p)
    step("analyze", "ANALYZE")
    print(f"Generated in {time.perf_counter() - started:.0f} s", flush=True)


def run_one(kind, days, granularity):
    """Child process: build one report the way the Celery task does; print JSON figures."""
    import datetime as dt

    from django.db import connection

    from reports.models import ReportRun
    from reports.periods import shop_today
    from reports.runs import execute

    last = shop_today()
    run = ReportRun.objects.create(kind=kind, date_from=last - dt.timedelta(days=days - 1), date_to=last,
                                   granularity=granularity)
    started = time.perf_counter()
    status = execute(run.pk)
    seconds = time.perf_counter() - started
    run.refresh_from_db()
    rows = sum(len(t["rows"]) for t in (run.result or {}).get("tables", []))
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    connection.close()
    print(json.dumps({"status": status, "seconds": seconds, "peak_mb": peak_mb, "rows": rows, "error": run.error}))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--tiny", action="store_const", const=TINY_LINES, dest="lines",
                        help=f"{TINY_LINES:,} lines: a check that every report builds, in seconds")
    parser.add_argument("--database", default=NAME, help=f"the benchmark's database (default {NAME})")
    parser.add_argument("--template", help="create the database as a copy of this migrated one")
    parser.add_argument("--keep", action="store_true", help="don't drop the database afterwards")
    parser.add_argument("--reuse", action="store_true", help="time an existing database without regenerating")
    parser.add_argument("--run-one", nargs=3, metavar=("KIND", "DAYS", "GRANULARITY"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    url = f"{SERVER}/{args.database}"
    if args.run_one:
        django_setup(url)
        return run_one(args.run_one[0], int(args.run_one[1]), args.run_one[2])
    if not args.reuse:
        databases.drop(SERVER, args.database)
        databases.create(SERVER, args.database, template=args.template)
    failed = []
    try:
        if not args.reuse:
            django_setup(url)
            generate(args.lines)
        print(f"\n{'report':<32} {'seconds':>8} {'peak MB':>8} {'rows':>7}  status")
        for label, kind, days, granularity in CASES:
            command = [sys.executable, str(Path(__file__).resolve()), "--database", args.database,
                       "--run-one", kind, str(days), granularity]
            out = subprocess.run(command, capture_output=True, text=True, check=True, cwd=ROOT)
            figures = json.loads(out.stdout.strip().splitlines()[-1])
            print(f"{label:<32} {figures['seconds']:>8.2f} {figures['peak_mb']:>8.0f} {figures['rows']:>7}  "
                  f"{figures['status']} {figures['error']}", flush=True)
            if figures["status"] != "done":
                failed.append(label)
    finally:
        if not args.keep:
            from django.db import connections

            connections.close_all()
            databases.drop(SERVER, args.database)
            print(f"Dropped {args.database}.")
    if failed:
        raise SystemExit(f"These reports did not build: {', '.join(failed)}")


if __name__ == "__main__":
    main()
