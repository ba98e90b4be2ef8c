"""`manage.py load_demo_store`: build the Larder & Loom demo shop, or confirm it is already built.

Run by bin/run on every start, so a second run must be quick and change nothing.
"""
import logging
from contextlib import contextmanager

from django.core.management.base import BaseCommand

from commerce.demo.store import build_demo_store


class Command(BaseCommand):
    help = ("Create the demo catalogue, Wagtail pages and (in DEBUG builds) demo staff accounts. "
            "Safe to run repeatedly: anything already there is left untouched.")

    def add_arguments(self, parser):
        parser.add_argument("--no-accounts", action="store_true",
                            help="Don't create the demo merchandiser and editor accounts.")

    def handle(self, *args, no_accounts=False, verbosity=1, **options):
        verbose = verbosity > 0
        with _quiet_info_logs(unless=verbosity >= 2):
            report = build_demo_store(self.stdout, verbose=verbose, with_accounts=not no_accounts)
        if not verbose:
            return
        if report.accounts:
            self.stdout.write("Demo accounts (development only):")
            for account in report.accounts:
                self.stdout.write(f"  {account.role:<13} {account.email}  password {account.password}  "
                                  f"-> {account.door}")
        elif no_accounts:
            self.stdout.write("Demo accounts skipped (--no-accounts).")
        else:
            self.stdout.write("Demo accounts skipped: DEBUG is off, so no accounts with published passwords "
                              "are created.")
        for account in report.exposed_accounts:
            self.stderr.write(self.style.WARNING(
                f"Warning: {account.email} still accepts its published demo password; change it or "
                f"deactivate the account."))
        self.stdout.write(self.style.SUCCESS("Demo store ready."))


@contextmanager
def _quiet_info_logs(unless=False):
    """Hold back INFO logs (a line per page published, per stock alert, per background task) so the
    progress bars stay readable; warnings still show, and --verbosity 2 shows everything."""
    if unless:
        yield
        return
    previous = logging.root.manager.disable
    logging.disable(max(previous, logging.INFO))
    try:
        yield
    finally:
        logging.disable(previous)
