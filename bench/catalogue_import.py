"""Benchmark importing a catalogue file: 10,000 rows of CSV, checked, imported, imported again.

    .venv/bin/python bench/catalogue_import.py                 # PostgreSQL larder_catalogue_files, 10,000 rows
    .venv/bin/python bench/catalogue_import.py --rows 50000    # the row limit's worth
    .venv/bin/python bench/catalogue_import.py --sqlite        # SQLite in /tmp instead
    .venv/bin/python bench/catalogue_import.py --tiny          # 200 rows: does it still run?

The database (`--database`, on BENCH_PG, default postgres://larder:larder@127.0.0.1:5432)
is created and migrated on first use and kept, so a second run starts at once; the
benchmark's own products (SKUs starting BENCH-) are deleted before each run. The file has
standalone products (60 %) and parents with three variants each, every one with a price,
stock, weight, a colour on the variants and one or two of ten categories. Each step runs
what the Celery task runs (catalogue_files/jobs.py) in this process and is timed: the
dry run, the import, the same file checked and imported again (all rows unchanged), and a
stock-only file changing every stock level. The CPU column is this process's own (Python's
share; PostgreSQL's is in the wall time only). Exits 1 when a step's counts are not as expected.
Not a test: it prints figures, recorded in bench/README.md.
"""
import argparse
import csv
import io
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import databases  # noqa: E402

SERVER = os.environ.get("BENCH_PG", "postgres://larder:larder@127.0.0.1:5432")
NAME = "larder_catalogue_files"
CATEGORIES = ["Pantry > Preserves", "Pantry > Honey", "Pantry > Oils", "Pantry > Spices", "Pantry > Tea",
              "Homewares > Linen", "Homewares > Ceramics", "Homewares > Glass", "Kitchen > Tools", "Kitchen > Knives"]
COLOURS = ["Red", "Blue", "Sage", "Charcoal", "Oat"]
HEADER = ["sku", "parent_sku", "title", "product_type", "categories", "price", "stock", "weight", "attr:colour"]


def django_setup(database_url):
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    os.environ["DEBUG"] = "0"  # no query log growing in memory
    os.environ.setdefault("SECRET_KEY", "bench-only")
    os.environ["CELERY_BROKER_URL"] = ""
    import django

    django.setup()


def prepare():
    from django.core.management import call_command
    from oscar.apps.catalogue.categories import create_from_breadcrumbs
    from oscar.core.loading import get_model

    call_command("migrate", verbosity=0)
    Product = get_model("catalogue", "Product")
    ProductClass = get_model("catalogue", "ProductClass")
    ProductAttribute = get_model("catalogue", "ProductAttribute")
    Product.objects.filter(upc__startswith="BENCH-", structure="child").delete()
    Product.objects.filter(upc__startswith="BENCH-").delete()
    goods, _ = ProductClass.objects.get_or_create(name="Goods", defaults={"track_stock": True})
    for code, kind in [("weight", "float"), ("colour", "text")]:
        ProductAttribute.objects.get_or_create(product_class=goods, code=code, defaults={"name": code, "type": kind})
    for path in CATEGORIES:
        create_from_breadcrumbs(path)


def catalogue_file(rows):
    """`rows` rows: 60 % standalone, the rest parents with three variants each."""
    rng = random.Random(7)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    written, n = 0, 0
    while written < rows:
        n += 1
        categories = "; ".join(sorted(set(rng.sample(CATEGORIES, rng.randint(1, 2)))))
        price = f"{rng.randint(300, 6000) / 100:.2f}"
        if written % 10 < 6 or rows - written < 4:
            writer.writerow([f"BENCH-{n}", "", f"Product {n}", "Goods", categories, price, rng.randint(0, 90),
                             rng.randint(1, 40) / 20, ""])
            written += 1
            continue
        writer.writerow([f"BENCH-{n}", "", f"Parent {n}", "Goods", categories, "", "", "", ""])
        for colour in rng.sample(COLOURS, 3):
            writer.writerow([f"BENCH-{n}-{colour}", f"BENCH-{n}", "", "", "", price, rng.randint(0, 30), 0.4, colour])
        written += 4
    return out.getvalue().encode("utf-8")


def stock_file(content):
    rows = list(csv.DictReader(io.StringIO(content.decode())))
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["sku", "stock"])
    for row in rows:
        if row["stock"]:
            writer.writerow([row["sku"], int(row["stock"]) + 5])
    return out.getvalue().encode("utf-8")


def timed(label, job_id, step, expect):
    from catalogue_files.models import ImportJob

    started, cpu = time.perf_counter(), time.process_time()
    step(job_id)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    job = ImportJob.objects.get(pk=job_id)
    counts = {k: getattr(job, k) for k in ("created", "changed", "unchanged", "refused")}
    ok = job.status in ("checked", "applied") and all(counts[k] == v for k, v in expect.items())
    print(f"| {label:<34} | {job.total:>6,} | {seconds:7.2f} | {cpu:6.2f} | {job.total / seconds:8,.0f} | "
          f"{counts['created']:>6,} | {counts['changed']:>6,} | {counts['unchanged']:>6,} | {counts['refused']:>4} |"
          f"{'' if ok else ' UNEXPECTED ' + job.status + ' ' + job.error}", flush=True)
    return ok


def run_file(label, content, expect_check, expect_import):
    from catalogue_files import jobs
    from catalogue_files.models import ImportJob

    job = ImportJob.objects.create(file_name=f"{label}.csv", file_format="csv", content=content)
    ok = timed(f"{label}: dry run", job.pk, jobs.check, expect_check)
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.APPLYING)
    return timed(f"{label}: import", job.pk, jobs.run_import, expect_import) and ok


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--tiny", action="store_true", help="200 rows")
    parser.add_argument("--database", default=NAME)
    parser.add_argument("--template", help="create the database as a copy of this migrated one")
    parser.add_argument("--sqlite", action="store_true", help="SQLite in /tmp instead of PostgreSQL")
    args = parser.parse_args()
    rows = 200 if args.tiny else args.rows
    if args.sqlite:
        url = f"sqlite:////tmp/{args.database}.sqlite3"
    else:
        if not databases.exists(SERVER, args.database):
            databases.create(SERVER, args.database, template=args.template)
        url = f"{SERVER}/{args.database}"
    django_setup(url)
    prepare()
    content = catalogue_file(rows)
    print(f"{'PostgreSQL' if not args.sqlite else 'SQLite'}, {rows:,} rows, {len(content) / 1024:,.0f} KB of CSV\n")
    print("| step | rows | seconds | of it this process's CPU | rows/s | created | changed | unchanged | refused |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    ok = run_file("catalogue, first", content, {"created": rows, "refused": 0}, {"created": rows, "refused": 0})
    ok &= run_file("catalogue, again", content, {"unchanged": rows}, {"unchanged": rows})
    stock = stock_file(content)
    stocked = stock.count(b"\n") - 1
    ok &= run_file("stock only", stock, {"changed": stocked}, {"changed": stocked})
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
