"""Report builds read the shop's history from a PostgreSQL read replica, when there is one.

`REPORTS_DATABASE_URL` names the replica (settings alias `reports_replica`); unset, this
router is not installed and everything uses `default`. A sales report scans months of
orders: on the replica that never slows checkout on the primary (docs/scaling.md).

Only reads made while a Celery task of the reports app runs (`reports.tasks.*`, on a
worker or eagerly) go there, and only of the tables the builders aggregate: orders, lines,
stock, products, baskets, views, searches, payments, content attribution. Everything else stays on the primary,
because a replica lags: the report run's own row (queued a moment ago), the outbox that
de-duplicates the emailed reports, the staff who receive them.
"""
from celery import current_task
from django.conf import settings

REPLICA = "reports_replica"
REPORT_TASK_PREFIX = "reports.tasks."
REPORT_SOURCE_APPS = frozenset({"order", "partner", "catalogue", "basket", "analytics", "search", "payment",
                                "attribution"})


def building_a_report():
    """True while the innermost running Celery task belongs to the reports app."""
    return (getattr(current_task, "name", None) or "").startswith(REPORT_TASK_PREFIX)


class ReportsReplicaRouter:
    def db_for_read(self, model, **hints):
        if (REPLICA in settings.DATABASES and model._meta.app_label in REPORT_SOURCE_APPS
                and building_a_report()):
            return REPLICA
        return None

    def db_for_write(self, model, **hints):
        return None  # a replica is read-only: every write goes to the primary

    def allow_relation(self, obj1, obj2, **hints):
        # The replica holds the primary's rows, so an order read there may be related to a
        # run read on the primary.
        if {obj1._state.db, obj2._state.db} <= {"default", REPLICA}:
            return True
        return None

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        # The replica follows the primary by replication; migrating it would fail (read-only).
        return False if db == REPLICA else None
