"""The database restarted while shoppers browse and check out.

Shoppers see a short "try again" page (503 with Retry-After) while it is away, never a
server error; the site answers normally again within seconds of the database coming
back, without a restart; no order is lost or placed twice; the health probes tell live
from ready. The first tests check the middleware in this process (any database); the
restart itself runs the site in gunicorn, through a fault proxy to the real PostgreSQL.
"""
import logging
import os
import re
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import pytest
import requests
from bs4 import BeautifulSoup
from django.conf import settings
from django.db import IntegrityError, OperationalError, connection
from django.http import HttpResponse
from django.test import Client
from django.urls import path as route
from oscar.core.loading import get_model

from config import db_outage
from tests import services
from tests.factories import ensure_wagtail_roots, make_product
from tests.faults import report
from tests.faults.faultproxy import FaultProxy

ROOT = Path(__file__).resolve().parents[2]
ON_POSTGRESQL = settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
SECRET_TEXT = 'connection to server at "db.internal.example" (10.9.8.7), port 6543 failed: for user "shopowner"'


# --- The middleware, in this process ---------------------------------------------------

def refusing_view(request):
    raise OperationalError(SECRET_TEXT)


def session_writing_view(request):
    request.session["seen"] = True  # saved by the session middleware, after the view
    return HttpResponse("ok")


def buggy_view(request):
    raise IntegrityError("duplicate key value violates unique constraint")


urlpatterns = [  # for @pytest.mark.urls(__name__)
    route("refuses/", refusing_view),
    route("writes-session/", session_writing_view),
    route("bug/", buggy_view),
]


@pytest.fixture
def fresh_outage(monkeypatch):
    monkeypatch.setattr(db_outage, "outage", db_outage._Outage())


@pytest.mark.urls(__name__)
@pytest.mark.django_db
def test_a_database_error_in_the_view_is_a_try_again_page(client, fresh_outage, caplog):
    with caplog.at_level(logging.INFO):
        response = client.get("/refuses/")
        again = client.get("/refuses/")

    assert response.status_code == again.status_code == 503
    assert response["Retry-After"] == str(db_outage.RETRY_AFTER_SECONDS)
    assert response["Cache-Control"] == "no-store"
    page = response.content.decode()
    assert "right back" in page and "try again" in page.lower() and "css/site.css" in page
    for secret in ("Traceback", "db.internal.example", "10.9.8.7", "6543", "shopowner"):
        assert secret not in page and secret not in caplog.text, secret
    warnings = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(warnings) == 1, [r.getMessage() for r in warnings]  # once per outage, not per request
    assert "The database is unavailable (OperationalError" in warnings[0].getMessage()


@pytest.mark.urls(__name__)
@pytest.mark.django_db
def test_a_database_error_in_a_middleware_below_is_a_try_again_page_too(monkeypatch, fresh_outage, caplog):
    from django.contrib.sessions.backends.db import SessionStore

    def refuse(self, *args, **kwargs):
        raise OperationalError(SECRET_TEXT)

    monkeypatch.setattr(SessionStore, "save", refuse)
    with caplog.at_level(logging.INFO):
        response = Client(raise_request_exception=False).get("/writes-session/")

    assert response.status_code == 503 and response["Retry-After"]
    assert "right back" in response.content.decode()
    assert "Internal Server Error" not in caplog.text and "Traceback" not in caplog.text
    assert "shopowner" not in caplog.text and "6543" not in caplog.text
    assert "The database is unavailable (OperationalError at /writes-session/)" in caplog.text


@pytest.mark.urls(__name__)
@pytest.mark.django_db
def test_a_bug_that_is_not_an_outage_is_still_a_server_error(fresh_outage):
    response = Client(raise_request_exception=False).get("/bug/")

    assert response.status_code == 500


@pytest.mark.django_db
def test_the_page_needs_no_database(django_assert_max_num_queries):
    with django_assert_max_num_queries(0):
        response = db_outage.outage_response()

    assert response.status_code == 503 and "right back" in response.content.decode()


def test_an_outage_is_logged_when_it_starts_each_minute_and_when_it_ends(monkeypatch, caplog):
    outage = db_outage._Outage()
    clock = [1000.0]
    monkeypatch.setattr(db_outage.time, "monotonic", lambda: clock[0])
    with caplog.at_level(logging.WARNING, logger="config.db_outage"):
        for second in (0, 1, 2, 30, 59, 61, 62, 70):  # eight requests answered "try again"
            clock[0] = 1000.0 + second
            outage.failed("OperationalError", "/")
        clock[0] = 1075.0
        outage.answered_normally()
        outage.answered_normally()  # only the first answer after the outage says so

    assert [r.getMessage() for r in caplog.records] == [
        "The database is unavailable (OperationalError at /); answering 503 'try again' until it is back",
        "The database is still unavailable (OperationalError) after 61s; 6 requests answered 503 so far",
        "The database answers again after 75.0s; 8 requests were answered 503",
    ]


# --- The restart, against the real PostgreSQL ------------------------------------------

Order = get_model("order", "Order")


class Shopper:
    """A browser without JavaScript on the served site: cookies, CSRF tokens and forms."""

    def __init__(self, base):
        self.base = base
        self.session = requests.Session()

    def get(self, path):
        return self.session.get(self.base + path, timeout=15)

    def submit(self, page, match, **values):
        """Post the form on `page` that `match(form)` picks, with its own fields and `values`."""
        soup = BeautifulSoup(page.text, "html.parser")
        form = next(f for f in soup.find_all("form") if match(f))
        fields = {}
        for field in form.find_all(["input", "select", "textarea"]):
            name, kind = field.get("name"), (field.get("type") or "").lower()
            if not name or kind in ("submit", "button", "image") or (kind in ("checkbox", "radio")
                                                                      and not field.has_attr("checked")):
                continue
            if field.name == "select":
                chosen = field.find("option", selected=True) or field.find("option")
                fields[name] = chosen.get("value", "") if chosen else ""
            elif field.name == "textarea":
                fields[name] = field.text
            else:
                fields[name] = field.get("value", "")
        fields.update(values)
        action = form.get("action") or page.url
        url = action if action.startswith("http") else self.base + action if action.startswith("/") else page.url
        return self.session.post(url, data=fields, timeout=15)

    def to_preview(self, product, email, country):
        page = self.get(product.get_absolute_url())
        self.submit(page, lambda f: f.get("id") == "add_to_basket_form", quantity="1").raise_for_status()
        page = self.get("/shop/checkout/")
        page = self.submit(page, lambda f: f.find(attrs={"name": "options"}) is not None, username=email,
                           options="anonymous")
        page = self.submit(page, lambda f: f.get("id") == "new_shipping_address" or f.find(attrs={"name": "line1"}),
                           first_name="Grace", last_name="Hopper", line1="12 Orchard Lane", line4="Springfield",
                           state="IL", postcode="62701", country=str(country.pk))
        if page.url.endswith("/shop/checkout/shipping-method/"):
            page = self.submit(page, lambda f: (f.find(attrs={"name": "method_code"}) or {}).get("value")
                               == "standard")
        assert page.url.endswith("/shop/checkout/payment-details/"), (page.url, page.status_code)
        preview = self.get("/shop/checkout/preview/")
        assert preview.status_code == 200 and "place_order_form" in preview.text, preview.status_code
        return preview

    def press_place_order(self, preview):
        return self.submit(preview, lambda f: f.get("id") == "place_order_form")


def placed(response):
    return response.status_code == 200 and response.url.endswith("/shop/checkout/thank-you/")


@pytest.fixture
def committed_shop(transactional_db):
    """A home page, a category with a product, a shipping country and its delivery, committed for the server."""
    from oscar.apps.catalogue.categories import create_from_breadcrumbs
    from wagtail.models import Page, Site

    from commerce.demo.fulfilment import ensure_methods
    from content.models import HomePage

    ensure_wagtail_roots()
    home = HomePage(title="Larder & Loom", slug="fault-home", hero_title="Good things for the kitchen")
    Page.get_first_root_node().add_child(instance=home)
    home.save_revision().publish()
    Site.objects.filter(is_default_site=True).delete()
    Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True)
    category = create_from_breadcrumbs("Pantry > Preserves")
    product = make_product("Damson jam", "6.50", stock=500, category=category)
    get_model("address", "Country").objects.update_or_create(
        iso_3166_1_a2="US", defaults={"printable_name": "United States", "name": "United States of America",
                                      "is_shipping_country": True})
    ensure_methods(codes={"standard", "express"})  # the dashboard's delivery methods (a transactional test's own)
    return {"home": "/", "category": category.get_absolute_url(), "product": product.get_absolute_url(),
            "basket": "/shop/basket/"}, product


class _FinOnClose(socket.socket):
    """A socket whose close() tells the peer at once, even while another thread is reading it."""

    def close(self):
        try:
            self.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        super().close()


def _fin_on_close(sock):
    timeout = sock.gettimeout()
    wrapped = _FinOnClose(sock.family, sock.type, sock.proto, fileno=sock.detach())
    wrapped.settimeout(timeout)
    return wrapped


class RestartProxy(FaultProxy):
    """The kit's proxy, but a cut ends both sides of every open connection as a restarted
    PostgreSQL does (its backends exit). On Linux a socket closed while another thread is
    blocked reading it sends nothing until that read returns, so with plain close() a query
    in flight at the cut could wait for ever for its answer, and a backend could be left
    holding its transaction open."""

    def _serve(self, client):
        client = _fin_on_close(client)
        try:
            upstream = _fin_on_close(socket.create_connection(self.target, timeout=5))
        except OSError:
            client.close()
            return
        with self._lock:
            self._open.update((client, upstream))
        for source, sink in ((client, upstream), (upstream, client)):
            threading.Thread(target=self._pipe, args=(source, sink), daemon=True).start()


@pytest.fixture
def site_through_proxy(committed_shop, tmp_path):
    """The site in gunicorn (two sync workers, persistent connections), its database behind a FaultProxy."""
    host, port = connection.settings_dict["HOST"] or "127.0.0.1", int(connection.settings_dict["PORT"] or 5432)
    proxy = RestartProxy("127.0.0.1" if host == "localhost" else host, port)
    database = services.database_url(connection).replace(f"@{host}:{port}/", f"@127.0.0.1:{proxy.port}/")
    web_port = services.free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "CACHE_URL", "CELERY_BROKER_URL",
                                                              "EMAIL_URL", "SEARCH_URL")}
    env.update(DJANGO_SETTINGS_MODULE="config.settings.test", DATABASE_URL=database, CONN_MAX_AGE="60",
               CACHE_URL="locmemcache://", CELERY_TASK_ALWAYS_EAGER="true", SEARCH_ENGINE="database",
               # Production's caching: pages a cache can answer keep answering; the rest need the database.
               PAGE_CACHE_SECONDS="600", FRAGMENT_CACHE_SECONDS="600", LOG_LEVEL="WARNING",
               MEDIA_ROOT=str(tmp_path / "media"))
    log_path = tmp_path / "gunicorn.log"
    log = log_path.open("w")
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "config.wsgi", "--workers", "2", "--bind", f"127.0.0.1:{web_port}",
         "--timeout", "60", "--access-logfile", "/dev/null", "--error-logfile", "-"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{web_port}"
    try:
        def answers():
            if server.poll() is not None:
                raise RuntimeError("gunicorn exited:\n" + log_path.read_text())
            try:
                return requests.get(base + "/", timeout=30).status_code == 200
            except requests.RequestException:  # not listening yet, or still loading the site
                return False

        services.wait_for(answers, timeout=90, interval=0.3)
        yield base, proxy, log_path
    finally:
        services.stop(server)
        log.close()
        proxy.stop()


class Traffic:
    """Shoppers walking home, category, product and basket in a loop, every answer noted."""

    def __init__(self, base, pages, shoppers=3):
        self.base, self.pages, self.answers, self.timings = base, pages, [], []
        self.lock, self.stopped = threading.Lock(), threading.Event()
        self.threads = [threading.Thread(target=self._walk, daemon=True) for _ in range(shoppers)]

    def _walk(self):
        shopper = Shopper(self.base)
        while not self.stopped.is_set():
            for name, path in self.pages.items():
                started = time.monotonic()
                try:
                    response = shopper.get(path)
                    status, body, retry = response.status_code, response.text, response.headers.get("Retry-After")
                except requests.RequestException as exc:  # no answer at all counts against us too
                    status, body, retry = type(exc).__name__, "", None
                with self.lock:
                    self.answers.append((time.monotonic(), name, status, retry, "Traceback" in body))
                    self.timings.append((round(started, 2), round(time.monotonic() - started, 2), name, status))

    def __enter__(self):
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc):
        self.stopped.set()
        for thread in self.threads:
            thread.join(timeout=30)


CUT_SECONDS = 3.0
BACK_WITHIN_SECONDS = 5.0


@pytest.mark.services
@pytest.mark.skipif(not ON_POSTGRESQL, reason="the restart is made on a real PostgreSQL (set DATABASE_URL="
                    "postgres://…; .ci/run does): the site runs in another process through a fault proxy")
def test_a_database_restart_mid_traffic_shows_try_again_and_recovers_without_losing_orders(site_through_proxy,
                                                                                         committed_shop):
    base, proxy, log_path = site_through_proxy
    pages, product = committed_shop
    country = get_model("address", "Country").objects.get(iso_3166_1_a2="US")

    # Every page answers, and one order is placed before anything goes wrong.
    probe = Shopper(base)
    assert {name: probe.get(path).status_code for name, path in pages.items()} == dict.fromkeys(pages, 200)
    confirmed = []
    before = Shopper(base)
    if placed(before.press_place_order(before.to_preview(product, "before@example.com", country))):
        confirmed.append("before@example.com")
    during = Shopper(base)
    waiting = during.to_preview(product, "during@example.com", country)  # "Place order" pressed mid-restart

    with Traffic(base, pages) as traffic:
        time.sleep(1.5)
        cut_at = time.monotonic()
        proxy.cut()  # PostgreSQL stops: open connections are closed, new ones refused
        time.sleep(0.5)
        mid_restart = during.press_place_order(waiting)
        live, ready = probe.get("/healthz/live"), probe.get("/healthz/ready")
        time.sleep(max(0.0, CUT_SECONDS - (time.monotonic() - cut_at)))
        proxy.heal()
        healed_at = time.monotonic()
        back = {}
        while len(back) < len(pages) and time.monotonic() - healed_at < 15:
            for name, path in pages.items():
                if name not in back and probe.get(path).status_code == 200:
                    back[name] = time.monotonic() - healed_at
            time.sleep(0.1)
        time.sleep(2.0)  # traffic keeps going after everything is back
        back_at = healed_at + max(back.values(), default=15)

    # The shopper who pressed "Place order" mid-restart tries again; one more order after.
    if placed(during.press_place_order(waiting)):
        confirmed.append("during@example.com")
    after = Shopper(base)
    if placed(after.press_place_order(after.to_preview(product, "after@example.com", country))):
        confirmed.append("after@example.com")

    # A restart while nobody shops: each worker's persistent connection is dead when the next
    # visitor comes, and that visitor's first query would run inside the view's transaction.
    proxy.cut()
    time.sleep(0.5)
    proxy.heal()
    first_visits = [requests.get(base + "/", timeout=15).status_code for _ in range(6)]

    statuses = Counter(status for _, _, status, _, _ in traffic.answers)
    statuses.update([mid_restart.status_code, *first_visits])
    orders = Counter(Order.objects.values_list("guest_email", flat=True))
    lost = [email for email in confirmed if orders[email] == 0]
    duplicated = sum(n - 1 for n in orders.values() if n > 1)
    recovery = max(back.values(), default=float("inf"))
    log = log_path.read_text()
    report.record("Database restarted", statuses, {"orders": len(lost), "duplicate_orders": duplicated},
                  note=f"PostgreSQL cut for {CUT_SECONDS:g}s under 3 shoppers' traffic (gunicorn, 2 workers, "
                       f"persistent connections, page cache on); every page 200 again {recovery:.1f}s after "
                       f"it came back; {len(confirmed)} of 3 orders confirmed, the one pressed mid-restart got 503 "
                       "and was placed once on retry; after a restart with no traffic the first visits were "
                       f"{sorted(set(first_visits))}")

    # No server errors, no tracebacks, nobody left without an answer.
    slow = [t for t in traffic.timings if t[1] > 5 or t[3] not in (200, 503)]
    assert set(statuses) <= {200, 503}, (statuses, cut_at, healed_at, slow, log[-4000:])
    assert statuses[503] > 0, "the cut was not noticed: the test did not test anything"
    assert not any(traceback for *_, traceback in traffic.answers)
    assert all(retry for _, _, status, retry, _ in traffic.answers if status == 503)
    # The shopper mid-restart saw "try again", and the health probes told live from ready.
    assert mid_restart.status_code == 503 and "right back" in mid_restart.text, mid_restart.status_code
    assert live.status_code == 200 and ready.status_code == 503
    assert ready.json()["checks"]["database"] == {"state": "down", "ok": False}
    # Back by itself, within seconds, and nothing but 200s from then on.
    assert set(back) == set(pages) and recovery < BACK_WITHIN_SECONDS, back
    late = Counter(status for at, _, status, _, _ in traffic.answers if at > back_at + 0.5)
    assert set(late) == {200}, late
    assert not any(at < cut_at - 0.1 and status != 200 for at, _, status, _, _ in traffic.answers)
    assert first_visits == [200] * 6, first_visits
    # Every order confirmed is there once; none lost, none twice.
    assert confirmed == ["before@example.com", "during@example.com", "after@example.com"]
    assert lost == [] and duplicated == 0 and sum(orders.values()) == 3, orders
    # Operators: one warning per worker when it started and when it ended, no connection details.
    assert "Traceback" not in log and "Internal Server Error" not in log, log[-3000:]
    assert 1 <= log.count("The database is unavailable") <= 2, log[-3000:]
    assert 1 <= log.count("The database answers again") <= 2, log[-3000:]
    assert not re.search(rf"\b{proxy.port}\b", log) and "larder:" not in log
