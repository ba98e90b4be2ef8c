"""Index upkeep on Celery: bring the engine's copy of some products or pages up to date.

Idempotent: each task reads the current database rows, indexes what is public and
removes the rest, so a repeated or late task can only make the index more correct.
Queued by search.indexing after each catalogue or content commit (the search answers
cached meanwhile, from the index as it was, are forgotten once a product is indexed); with the broker down
the change is not kept, and `manage.py rebuild_search_index` brings the index back.
"""
from celery import shared_task

from config.background import rebuild
from pagecache.invalidation import forget_listings_of

from .documents import page_documents, product_documents
from .engines import DATABASE, get_engine

RETRY = {"autoretry_for": (Exception,), "retry_backoff": 5, "retry_backoff_max": 300, "max_retries": 6}
REPAIRED_BY = rebuild("manage.py rebuild_search_index")


LIVE_ROWS = "database reads live rows"


def _bring_up_to_date(ids, documents, index, delete):
    """Index what of `ids` is public now and remove the rest."""
    docs, gone = documents(ids)
    index(docs)
    delete(gone)
    return f"indexed {len(docs)}, removed {len(gone)}"


@shared_task(acks_late=True, broker_down=REPAIRED_BY, **RETRY)
def update_products(ids):
    engine = get_engine()
    if engine is DATABASE:
        return LIVE_ROWS
    done = _bring_up_to_date(ids, product_documents, engine.index_products, engine.delete_products)
    # Answers cached between the commit and now came from the index as it was: ask it again.
    forget_listings_of(ids)
    return done


@shared_task(acks_late=True, broker_down=REPAIRED_BY, **RETRY)
def update_pages(ids):
    engine = get_engine()
    if engine is DATABASE:
        return LIVE_ROWS
    return _bring_up_to_date(ids, page_documents, engine.index_pages, engine.delete_pages)
