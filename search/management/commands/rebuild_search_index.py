"""Rebuild the search engine's indexes with no downtime.

On Elasticsearch/OpenSearch each index is built fresh beside the live one and the alias
is switched in one atomic step when it is complete, so searches keep answering from the
old index (or from the database, when the index was lost) until then; changes made
meanwhile are written to both, so none is lost at the switch. This is the only thing that
creates indexes: run it after loading data, and to repair a cluster that lost its data.
The database engine reads live tables and has nothing to rebuild.
"""
import time

from django.core.management.base import BaseCommand

from commandline.progress import Progress
from search.documents import all_documents
from search.engines import DATABASE, get_engine


class Command(BaseCommand):
    help = "Rebuild the product and page search indexes, then switch their aliases (no downtime)."

    def add_arguments(self, parser):
        parser.add_argument("--only", choices=["products", "pages"], help="rebuild just one index")
        parser.add_argument("--batch", type=int, default=1000, help="documents per bulk request (default 1000)")

    def handle(self, *args, only=None, batch=1000, verbosity=1, **options):
        engine = get_engine()
        if engine is DATABASE:
            self.stdout.write("The database engine searches live tables: nothing to rebuild.")
            return
        for kind in ("products", "pages"):
            if only and kind != only:
                continue
            total, batches = all_documents(kind, batch)
            started = time.monotonic()
            with Progress(self.stdout, kind.capitalize(), total, enabled=verbosity > 0) as bar:
                index = engine.rebuild(kind, batches, bar.advance)
                seconds = time.monotonic() - started
                bar.finish(f"{index} in {seconds:.1f}s ({total / seconds if seconds else 0:.0f}/s)")
