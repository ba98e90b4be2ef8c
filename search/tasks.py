"""Index upkeep on Celery: bring the engine's copy of some products or pages up to date.

Idempotent: each task reads the current database rows, indexes what is public and
removes the rest, so a repeated or late task can only make the index more correct.
Queued by search.indexing after each catalogue or content commit; with the broker down
the change is not kept, and `manage.py rebuild_search_index` brings the index back.
"""
from celery import shared_task

from config.background import rebuild

from .documents import page_documents, product_documents
from .engines import DATABASE, get_engine

RETRY = {"autoretry_for": (Exception,), "retry_backoff": 5, "retry_backoff_max": 300, "max_retries": 6}
REPAIRED_BY = rebuild("manage.py rebuild_search_index")


@shared_task(acks_late=True, broker_down=REPAIRED_BY, **RETRY)
def update_products(ids):
    engine = get_engine()
    if engine is DATABASE:
        return "database reads live rows"
    docs, gone = product_documents(ids)
    engine.index_products(docs)
    engine.delete_products(gone)
    return f"indexed {len(docs)}, removed {len(gone)}"


@shared_task(acks_late=True, broker_down=REPAIRED_BY, **RETRY)
def update_pages(ids):
    engine = get_engine()
    if engine is DATABASE:
        return "database reads live rows"
    docs, gone = page_documents(ids)
    engine.index_pages(docs)
    engine.delete_pages(gone)
    return f"indexed {len(docs)}, removed {len(gone)}"
