"""Builds the whole demo store in order: countries, delivery and tax, catalogue, order history, pages,
staff accounts.

The management command only parses options and prints; this module decides what to
build, so tests and other tools can call `build_demo_store` directly.
"""
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection

from .accounts import DEMO_ACCOUNTS, demo_accounts_with_known_passwords, ensure_demo_accounts
from .catalogue import load_catalogue
from .countries import ensure_shipping_countries
from .fulfilment import ensure_fulfilment
from .history import load_history
from .pages import load_pages


@dataclass
class BuildReport:
    accounts: list = field(default_factory=list)  # demo accounts usable right now (DEBUG builds)
    accounts_skipped: bool = False
    exposed_accounts: list = field(default_factory=list)  # demo passwords still live in a non-debug build


def build_demo_store(stream, *, verbose=True, with_accounts=True):
    """Create whatever is missing; a second call finds everything in place and writes nothing."""
    report = BuildReport()
    ensure_shipping_countries()
    ensure_fulfilment()
    load_catalogue(stream, verbose=verbose)
    load_history(stream, verbose=verbose)
    load_pages(stream, verbose=verbose)
    refresh_planner_statistics()
    if with_accounts and settings.DEBUG:
        ensure_demo_accounts()
        report.accounts = list(DEMO_ACCOUNTS)
    else:
        report.accounts_skipped = True
        if not settings.DEBUG:
            report.exposed_accounts = demo_accounts_with_known_passwords()
    return report


def refresh_planner_statistics():
    """Tell PostgreSQL's planner how big the tables just filled are.

    A table autovacuum last saw empty is planned as empty until autoanalyze runs again,
    which it does only after the load commits: until then every listing and facet query
    becomes nested loops over subqueries run once per row (minutes, not milliseconds). Run
    inside the caller's transaction, ANALYZE counts the rows that transaction inserted.
    """
    if connection.vendor != "postgresql":
        return
    tables = connection.introspection.django_table_names(only_existing=True)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE " + ", ".join(connection.ops.quote_name(table) for table in tables))
