"""Search benchmark: generate 10,000 then 100,000 products, index them, run a fixed mix of
1,000 queries and print the indexing rate and p50/p95/p99 latency per engine and query kind.

    DATABASE_URL=sqlite:////tmp/bench-search.sqlite3 OPENSEARCH_URL=http://127.0.0.1:9250 \\
        .venv/bin/python bench/search_bench.py [--sizes 10000 100000] [--queries 1000] [--tiny]

Uses its own database (migrated on first use) and its own index prefix; not part of the
test suite (--tiny, 200 products and 100 queries, is what its smoke test runs). OpenSearch
is measured when OPENSEARCH_URL is set (scripts/opensearch/start).
Latencies are measured in-process at the engine layer (what a view waits for). On
OpenSearch the facet queries run a second time with the shard request cache emptied
before each ("facets, cold"): the mix repeats filter combinations, which the cache serves.
"""
import argparse
import os
import random
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
os.environ.setdefault("DATABASE_URL", "sqlite:////tmp/bench-search.sqlite3")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402
from oscar.apps.catalogue.categories import create_from_breadcrumbs  # noqa: E402
from oscar.core.loading import get_model  # noqa: E402

from search.documents import all_documents  # noqa: E402
from search.query import PRICE_KEYS, ProductQuery  # noqa: E402

Product = get_model("catalogue", "Product")
ProductClass = get_model("catalogue", "ProductClass")
ProductCategory = get_model("catalogue", "ProductCategory")
StockRecord = get_model("partner", "StockRecord")
Partner = get_model("partner", "Partner")

ADJECTIVES = ["Seville", "Damson", "Smoked", "Wild", "Organic", "Linen", "Stoneware", "Copper", "Oak", "Spiced",
              "Golden", "Rustic", "Alpine", "Coastal", "Heritage", "Pressed", "Woven", "Glazed", "Raw", "Aged"]
NOUNS = ["Marmalade", "Jam", "Honey", "Olive Oil", "Vinegar", "Paprika", "Tea", "Coffee", "Skillet", "Jug", "Throw",
         "Cushion", "Candle", "Bowl", "Board", "Knife", "Apron", "Napkin", "Chutney", "Mustard"]
CATEGORIES = ["Pantry > Preserves", "Pantry > Oils", "Pantry > Spices", "Pantry > Tea & Coffee", "Kitchen > Cookware",
              "Kitchen > Tools", "Home > Linens", "Home > Candles", "Home > Ceramics", "Home > Throws"]
MISSPELLED = ["marmelade", "olive oyl", "papprika", "skilet", "stonewear jug", "cusion", "candel", "chutny", "musterd",
              "hony"]


def generate(total, rng):
    """Top the catalogue up to `total` products with stock and a category each."""
    have = Product.objects.count()
    if have >= total:
        return
    kind, _ = ProductClass.objects.get_or_create(name="Bench goods", defaults={"track_stock": True})
    partner, _ = Partner.objects.get_or_create(name="Bench partner")
    categories = [create_from_breadcrumbs(path) for path in CATEGORIES]
    step = 5000
    for start in range(have, total, step):
        with transaction.atomic():
            batch = []
            for i in range(start, min(start + step, total)):
                title = f"{rng.choice(ADJECTIVES)} {rng.choice(NOUNS)} {i}"
                batch.append(Product(title=title, slug=f"bench-{i}", structure="standalone", product_class=kind,
                                     description=f"{rng.choice(ADJECTIVES)} {rng.choice(NOUNS).lower()} made well.",
                                     is_public=True))
            products = Product.objects.bulk_create(batch)
            StockRecord.objects.bulk_create([
                StockRecord(product=p, partner=partner, partner_sku=f"B{p.pk}",
                            price=Decimal(rng.randint(150, 9000)) / 100, num_in_stock=rng.choice([0, 3, 20]))
                for p in products])
            ProductCategory.objects.bulk_create([ProductCategory(product=p, category=rng.choice(categories))
                                                 for p in products])
        print(f"  generated {min(start + step, total)}/{total}", end="\r", flush=True)
    print()


def query_mix(n, rng):
    """A fixed mix: 40% plain words, 20% misspellings, 20% facet browsing, 20% autocomplete."""
    mix = []
    for i in range(n):
        r = i % 10
        if r < 4:
            mix.append(("search", ProductQuery(text=f"{rng.choice(ADJECTIVES)} {rng.choice(NOUNS)}".lower())))
        elif r < 6:
            mix.append(("misspelt", ProductQuery(text=rng.choice(MISSPELLED))))
        elif r < 8:
            mix.append(("facets", ProductQuery(text=rng.choice(["", "honey", "jug"]), price=(rng.choice(PRICE_KEYS),),
                                              in_stock=rng.random() < 0.5, sort=rng.choice(["price-asc", "newest"]))))
        else:
            word = rng.choice(NOUNS + ADJECTIVES).lower()
            mix.append(("autocomplete", word[:rng.randint(3, 5)]))
    return mix


def percentiles(samples):
    ordered = sorted(samples)

    def at(p):
        return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]
    return at(50), at(95), at(99)


def run_queries(engine, mix, before=None):
    timings = {}
    for kind, query in mix:
        if before:
            before()
        started = time.perf_counter()
        if kind == "autocomplete":
            engine.autocomplete([query], 10)
        else:
            engine.search_products(query)
        timings.setdefault(kind, []).append((time.perf_counter() - started) * 1000)
    return timings


def index_all(engine):
    """What `manage.py rebuild_search_index` does, the products timed from the first query.

    The pages are indexed too (not timed: a handful) because autocomplete asks both indexes.
    """
    engine.rebuild("pages", all_documents("pages")[1])
    started = time.perf_counter()
    count, batches = all_documents("products")
    engine.rebuild("products", batches)
    return count, time.perf_counter() - started


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--queries", type=int, default=1000)
    parser.add_argument("--engines", nargs="+", default=["database", "opensearch"], help="which engines to measure")
    parser.add_argument("--index-prefix", default="bench", help="OpenSearch index prefix (default bench)")
    parser.add_argument("--tiny", action="store_true", help="200 products, 100 queries: a check that it still runs")
    args = parser.parse_args()
    if args.tiny:
        args.sizes, args.queries = [200], 100
    call_command("migrate", verbosity=0)
    from search.backends.clients import opensearch
    from search.backends.elastic import ElasticEngine
    from search.engines import DATABASE

    engines = {"database": DATABASE} if "database" in args.engines else {}
    if os.environ.get("OPENSEARCH_URL") and "opensearch" in args.engines:
        engines["opensearch"] = ElasticEngine("opensearch", opensearch(os.environ["OPENSEARCH_URL"], timeout=120),
                                              prefix=args.index_prefix, refresh=False)
    rng = random.Random(4)
    print(f"database: {settings.DATABASES['default']['ENGINE']}; engines: {', '.join(engines)}")
    for size in args.sizes:
        generate(size, rng)
        mix = query_mix(args.queries, random.Random(size))
        for name, engine in engines.items():
            if name == "database":
                line = "indexing: none (searches live tables)"
            else:
                count, seconds = index_all(engine)
                line = f"indexing: {count} products in {seconds:.1f}s = {count / seconds:.0f}/s"
            run_queries(engine, mix[:50])  # warm caches and connections
            timings = run_queries(engine, mix)
            if name != "database":  # facet counts again, each time with the shard request cache emptied first
                timings["facets-uncached"] = run_queries(
                    engine, [m for m in mix if m[0] == "facets"],
                    before=lambda e=engine: e.client.indices.clear_cache(index=e.alias("products"), request=True),
                )["facets"]
            print(f"\n{size:>7} products · {name} · {line}")
            everything = [t for kind, samples in timings.items() if kind != "facets-uncached" for t in samples]
            for kind, samples in sorted(timings.items()) + [("all", everything)]:
                kind = kind if kind != "facets-uncached" else "facets, cold"
                p50, p95, p99 = percentiles(samples)
                print(f"    {kind:<13} n={len(samples):<4} p50={p50:7.1f} ms  p95={p95:7.1f} ms  p99={p99:7.1f} ms"
                      f"  mean={statistics.fmean(samples):7.1f} ms")


if __name__ == "__main__":
    main()
