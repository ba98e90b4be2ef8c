"""Benchmark a newsletter send to 50,000 subscribers on PostgreSQL.

    .venv/bin/python bench/newsletter_send.py                  # 50,000 subscribers in larder_campaigns
    .venv/bin/python bench/newsletter_send.py --tiny           # 500: does a send still run?
    .venv/bin/python bench/newsletter_send.py --tiny --database larder_x --template tpl --drop  # the smoke test
    .venv/bin/python bench/newsletter_send.py --subscribers 20000 --database larder_other --template tpl

The database (created and migrated when missing, or copied from `--template`) is the
benchmark's own: its subscribers, newsletters, sends and outbox rows are emptied first.
The newsletter has a paragraph, a product and a product grid of eight products. The send
runs the code the Celery tasks run (newsletter.campaigns: prepare, then queue_batch for
every batch) in this process, one batch after another, without waiting out the rate
limit's countdowns. Delivery is not part of the figure: Celery is not eager and its broker
is kombu's in-memory transport, so every email is stored in the outbox and its delivery
task published, and no worker takes it. Prints the time to count the audience, to render
the body once and list the recipients, to queue every email (personalised, with its
List-Unsubscribe headers), and emails per second over the whole send.
Not a test: it prints figures, recorded in bench/README.md.
"""
import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import databases  # noqa: E402

SERVER = os.environ.get("BENCH_PG", "postgres://larder:larder@127.0.0.1:5432")
TINY = 500


def prepare_database(name, template):
    url = f"{SERVER}/{name}"
    if not databases.exists(SERVER, name):
        databases.create(SERVER, name, template=template)
        if not template:
            print(f"migrating {name} (a few minutes on 2 cores)…", flush=True)
            subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, check=True,
                           env={**os.environ, "DATABASE_URL": url, "SECRET_KEY": "bench-only"})
    return url


def django_setup(database_url):
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    os.environ["DEBUG"] = "0"  # no query log growing in memory
    os.environ.setdefault("SECRET_KEY", "bench-only")
    import django

    django.setup()
    from config.celery_app import app

    app.conf.task_always_eager, app.conf.broker_url = False, "memory://"
    app._pool = None
    app.amqp._producer_pool = None


def fill(subscribers):
    from django.db import connection
    from django.utils import timezone
    from oscar.apps.catalogue.categories import create_from_breadcrumbs

    from newsletter.models import Newsletter, Subscriber
    from tests.factories import make_product

    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE newsletter_recipient, newsletter_send, notifications_outgoingemail, "
                       "newsletter_subscriber RESTART IDENTITY CASCADE")
    Newsletter.objects.all().delete()
    category = create_from_breadcrumbs("Bench > Preserves")
    products = [make_product(f"Bench jar {i}", f"{5 + i}.50", category=category) for i in range(8)]
    now = timezone.now()
    Subscriber.objects.bulk_create(
        [Subscriber(email=f"reader{i:06}@example.com", status="subscribed", requested_at=now, confirmed_at=now)
         for i in range(subscribers)], batch_size=5000)
    body = [{"type": "paragraph", "value": "<p>The autumn jars are in.</p>"},
            {"type": "product", "value": {"product": products[0].pk, "note": "Our best seller"}},
            {"type": "product_grid", "value": {"title": "Preserves", "source": "category", "products": [],
                                               "category": category.pk, "range": None, "limit": 8}}]
    newsletter = Newsletter(title="Bench newsletter", subject="Autumn jars", body=body)
    newsletter.save()
    newsletter.save_revision().publish()
    return newsletter


def run(subscribers):
    from django.conf import settings
    from django.utils import timezone

    from newsletter import batching
    from newsletter.models import Send
    from newsletter.segments import audience
    from outbox.models import OutgoingEmail

    started = time.perf_counter()
    newsletter = fill(subscribers)
    print(f"filled {subscribers:,} subscribers in {time.perf_counter() - started:.1f} s", flush=True)

    send = Send.objects.create(newsletter=newsletter, send_at=timezone.now(), status=Send.Status.SENDING)
    t0 = time.perf_counter()
    count = audience(Send.Segment.ALL).count()
    t1 = time.perf_counter()
    batching.prepare(send)
    t2 = time.perf_counter()
    planned = batching.batches(send)
    for ids in planned:
        batching.queue_batch(send.pk, ids)
    t3 = time.perf_counter()

    send.refresh_from_db()
    queued = OutgoingEmail.objects.filter(key__startswith=send.key_prefix).count()
    ok = count == subscribers == queued and send.status == Send.Status.SENT
    total = t3 - t0
    print(f"audience count           {t1 - t0:8.2f} s  ({count:,} subscribers)")
    print(f"render once + list       {t2 - t1:8.2f} s  ({len(send.body_html):,} bytes of HTML)")
    print(f"queue every batch        {t3 - t2:8.2f} s  ({len(planned)} batches of {settings.NEWSLETTER_BATCH_SIZE}, "
          f"{queued:,} emails in the outbox)")
    print(f"whole send               {total:8.2f} s  {queued / total:,.0f} emails/s")
    print("done" if ok else "INCOMPLETE")
    return ok


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--subscribers", type=int, default=50_000)
    parser.add_argument("--tiny", action="store_true", help=f"{TINY} subscribers")
    parser.add_argument("--database", default="larder_campaigns")
    parser.add_argument("--template", default=None, help="copy this migrated database when creating")
    parser.add_argument("--drop", action="store_true", help="drop the database afterwards")
    args = parser.parse_args()
    django_setup(prepare_database(args.database, args.template))
    ok = run(TINY if args.tiny else args.subscribers)
    if args.drop:
        from django.db import connections

        connections.close_all()
        databases.drop(SERVER, args.database)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
