"""Browser journeys: Playwright driving Debian's Chromium against the site on 127.0.0.1.

The shop (demo catalogue, pages, staff accounts, search index) is built once for the
package and committed, so every journey meets the same running shop, as a person would;
each journey uses its own customer, post or product. The journeys run after the suite's
rolled-back tests and before its transactional ones, and flush the database when they
end, as a transactional test leaves it. Each test still takes pytest-django's `db` (a
transaction the test only reads through), so the test database is set up for them.

They need Chromium, the playwright package, axe-core and PostgreSQL + Redis; without
one of them they are skipped with a message saying what to install, and in CI (CI=true)
they fail instead.
"""
import os
import subprocess
from contextlib import ExitStack
from io import StringIO

import pytest

from tests import services
from tests.factories import ensure_wagtail_roots

from . import stack
from .journey import AXE, Journey, open_page

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def missing_browser():
    """Why the journeys can't run here, or None."""
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        return f"Chromium not found at {CHROMIUM}: `apt-get install chromium` (.ci/run does)"
    try:
        import playwright  # noqa: F401
    except ImportError:
        return "the playwright package is missing: bin/test installs requirements.txt"
    if not AXE.exists():
        return "axe-core is missing: `npm ci --prefix tests/browser` (.ci/run does)"
    return None


@pytest.hookimpl(trylast=True)  # after pytest-django has sorted rolled-back, transactional, non-db tests
def pytest_collection_modifyitems(items):
    here = os.path.dirname(__file__) + os.sep
    journeys = [item for item in items if str(item.path).startswith(here)]
    if not journeys:
        return
    rest = [item for item in items if not str(item.path).startswith(here)]
    first_transactional = next((n for n, item in enumerate(rest) if _transactional(item)), len(rest))
    items[:] = rest[:first_transactional] + journeys + rest[first_transactional:]


def _transactional(item):
    marker = item.get_closest_marker("django_db")
    return bool(marker and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences"))) or \
        bool({"transactional_db", "live_server"} & set(getattr(item, "fixturenames", ())))


def pytest_report_header(config):
    problem = missing_browser()
    if problem:
        verdict = "FAIL in CI" if os.environ.get("CI") else "skipped"
        return f"browser journeys: {verdict}: {problem}"
    version = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True).stdout.strip()
    database = os.environ.get("DATABASE_URL", "")
    where = "" if database.startswith(("postgres://", "postgresql://")) else \
        " (they need PostgreSQL: set DATABASE_URL=postgres://…, as .ci/run does, or they are skipped)"
    search = "OpenSearch" if os.environ.get("OPENSEARCH_URL") else "PostgreSQL full text"
    return f"browser journeys: {version or CHROMIUM} via Playwright, search on {search}{where}"


@pytest.fixture(autouse=True)
def _media_root():
    """The package's media (stack.start) serves every journey; the suite's per-test media root would hide it."""


@pytest.fixture(scope="package")
def shop(django_db_setup, django_db_blocker, tmp_path_factory):
    problem = missing_browser()
    services.require("Chromium", problem is None, problem)
    from django.db import connection
    from django.test import override_settings
    from pytest_django.live_server_helper import LiveServer

    with django_db_blocker.unblock(), ExitStack() as resources:
        services.require("PostgreSQL", connection.vendor == "postgresql",
                         "the browser journeys share one database with a worker process; "
                         "set DATABASE_URL=postgres://… (.ci/run does)")
        resources.callback(_leave_database_empty)
        server = LiveServer("127.0.0.1")
        resources.callback(server.stop)
        running, overrides = stack.start(resources, tmp_path_factory.mktemp("browser-stack"),
                                         services.database_url(connection),
                                         {"MEDIA_ROOT": str(tmp_path_factory.mktemp("browser-media"))}, server.url)
        resources.enter_context(override_settings(**overrides))
        resources.callback(_drop_search_indexes)
        _build_shop(running.search_engine)
        yield running


def _build_shop(engine):
    from django.core.management import call_command
    from django.db import transaction

    from commerce.demo.accounts import ensure_demo_accounts
    from commerce.demo.store import build_demo_store

    with transaction.atomic():
        ensure_wagtail_roots()
    build_demo_store(StringIO(), verbose=False, with_accounts=False)
    ensure_demo_accounts()
    if engine != "database":
        call_command("rebuild_search_index", verbosity=0)


def _drop_search_indexes():
    from tests.search_support import drop_indexes

    drop_indexes()


def _leave_database_empty():
    from django.core.management import call_command

    call_command("flush", interactive=False, verbosity=0)


@pytest.fixture(scope="package")
def chromium(shop):
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop running in this thread; the tests' own ORM
    # calls are still plain synchronous code.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            yield browser
            browser.close()
    finally:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


@pytest.fixture
def page(chromium, shop):
    page = open_page(chromium, shop)
    yield page
    page.context.close()


@pytest.fixture
def journey(request, page):
    return Journey(request.node.name, page)

