"""Rebuild the search engine's indexes with no downtime.

On Elasticsearch/OpenSearch each index is built fresh beside the live one and the alias
is switched in one atomic step when it is complete, so searches keep answering from the
old index until then. The database engine reads live tables and has nothing to rebuild.
"""
import time

from django.core.management.base import BaseCommand
from oscar.core.loading import get_model
from wagtail.models import Page

from commerce.demo.progress import Progress
from search.documents import page_documents, product_documents
from search.engines import DATABASE, get_engine

Product = get_model("catalogue", "Product")


def chunks(ids, size):
    for start in range(0, len(ids), size):
        yield ids[start:start + size]


class Command(BaseCommand):
    help = "Rebuild the product and page search indexes, then switch their aliases (no downtime)."

    def add_arguments(self, parser):
        parser.add_argument("--only", choices=["products", "pages"], help="rebuild just one index")
        parser.add_argument("--batch", type=int, default=500, help="documents per bulk request (default 500)")

    def handle(self, *args, only=None, batch=500, verbosity=1, **options):
        engine = get_engine()
        if engine is DATABASE:
            self.stdout.write("The database engine searches live tables: nothing to rebuild.")
            return
        sources = {
            "products": (Product.objects.browsable().order_by("pk"), product_documents),
            "pages": (Page.objects.live().public().exclude(depth__lte=1).order_by("pk"), page_documents),
        }
        for kind, (queryset, build) in sources.items():
            if only and kind != only:
                continue
            ids = list(queryset.values_list("pk", flat=True))
            started = time.monotonic()
            with Progress(self.stdout, kind.capitalize(), len(ids), enabled=verbosity > 0) as bar:
                index = engine.rebuild(kind, (build(chunk)[0] for chunk in chunks(ids, batch)), bar.advance)
                seconds = time.monotonic() - started
                bar.finish(f"{index} in {seconds:.1f}s ({len(ids) / seconds if seconds else 0:.0f}/s)")
