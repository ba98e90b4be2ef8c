"""Builds the whole demo store in order: countries, delivery and tax, catalogue, order history, pages,
staff accounts.

The management command only parses options and prints; this module decides what to
build, so tests and other tools can call `build_demo_store` directly.
"""
from dataclasses import dataclass, field

from django.conf import settings

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
    if with_accounts and settings.DEBUG:
        ensure_demo_accounts()
        report.accounts = list(DEMO_ACCOUNTS)
    else:
        report.accounts_skipped = True
        if not settings.DEBUG:
            report.exposed_accounts = demo_accounts_with_known_passwords()
    return report
