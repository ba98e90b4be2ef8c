"""Redis away (cache and broker at once), hung, or full: the shop keeps selling, then recovers by itself.

Given a real Redis of the test's own behind a fault proxy, wired as production wires it
(the cache backend, its options, cached_db sessions and the Celery broker options are
read from config.settings.production in a subprocess), when the line is cut, every
storefront page, the basket, registration, sign-in, a demo-paid checkout, the Wagtail
admin and the dashboard still answer, login lockout still locks, and each order's
confirmation waits in the outbox. When it heals, pages come from the cache again and
nothing written while Redis was away shows stale. A hung Redis costs each request at
most a couple of seconds; a full one refuses writes and pages are still served; and
query strings nobody links to can't fill it with page entries.
"""
import json
import secrets
import threading
import time

import pytest
import redis
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.test import Client
from oscar.core.loading import get_model

from commerce.accounts.roles import make_editor, make_merchandiser
from config.celery_app import app as celery_app
from content.models import BlogIndexPage, BlogPage, StandardPage
from outbox.models import OutgoingEmail

from .. import services
from ..checkout_steps import add_to_basket, choose_shipping, demo_pay, fill_address, guest_to_payment_step
from ..factories import make_product, publish, publish_through_the_admin
from ..operations.production import manage, production_env
from . import report
from .faultproxy import FaultProxy

Order = get_model("order", "Order")

RETRY_AFTER = 0.3  # CACHE_RETRY_AFTER here, so recovery is seen within the test's seconds
A_COUPLE_OF_SECONDS = 2.5
WRONG = "not-my-password-9"
TITLES = ("Damson jam", "Seville marmalade", "Quince paste")


# --- A Redis of our own, and production's wiring to it --------------------------------

@pytest.fixture(scope="module")
def redis_port():
    with services.private_redis() as port:
        yield port


PROBE = """
import json
from django.conf import settings as s
print(json.dumps({"caches": s.CACHES, "session": s.SESSION_ENGINE,
                  "transport": getattr(s, "CELERY_BROKER_TRANSPORT_OPTIONS", {}),
                  "publish_retry": getattr(s, "CELERY_TASK_PUBLISH_RETRY", True),
                  "connect_timeout": getattr(s, "CELERY_BROKER_CONNECTION_TIMEOUT", 4)}))
"""
PLACEHOLDER = "redis://127.0.0.1:9/0"


@pytest.fixture(scope="module")
def production_wiring(tmp_path_factory):
    """What production configures for REDIS_URL (the cache) and its broker, read from its settings."""
    env = production_env(tmp_path_factory.mktemp("production"), REDIS_URL=PLACEHOLDER,
                         CELERY_BROKER_URL=PLACEHOLDER, CACHE_RETRY_AFTER=str(RETRY_AFTER), SESSION_STORE=None)
    result = manage(env, "shell", "-c", PROBE)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.fixture
def line(redis_port):
    """The fault proxy in front of our Redis, emptied for the test."""
    redis.Redis(port=redis_port).flushall()
    proxy = FaultProxy("127.0.0.1", redis_port)
    yield proxy
    proxy.heal()
    proxy.stop()


@pytest.fixture
def raw(redis_port):
    """Our Redis itself, not through the proxy: for counting what the shop stored."""
    return redis.Redis(port=redis_port)


@pytest.fixture
def redis_cache(settings, production_wiring, line):
    """The shop's cache and sessions as production wires them, through the proxy."""
    config = json.loads(json.dumps(production_wiring["caches"]["default"]))
    assert config["LOCATION"] == PLACEHOLDER
    config["LOCATION"] = f"redis://{line.address}/0"
    settings.CACHES = {"default": config}
    settings.SESSION_ENGINE = production_wiring["session"]
    settings.PAGE_CACHE_SECONDS = settings.FRAGMENT_CACHE_SECONDS = 600
    return line


@pytest.fixture
def redis_broker(settings, production_wiring, line):
    """Celery publishing to our Redis through the proxy, with production's broker options."""
    conf = celery_app.conf
    saved = {name: conf[name] for name in ("broker_url", "task_always_eager", "broker_transport_options",
                                           "task_publish_retry", "broker_connection_timeout")}
    conf.broker_url, conf.task_always_eager = f"redis://{line.address}/1", False
    conf.broker_transport_options = production_wiring["transport"]
    conf.task_publish_retry = production_wiring["publish_retry"]
    conf.broker_connection_timeout = production_wiring["connect_timeout"]
    settings.CELERY_TASK_ALWAYS_EAGER = False
    _fresh_producers()
    yield line
    for name, value in saved.items():
        conf[name] = value
    _fresh_producers()


def _fresh_producers():
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


# --- Walking the shop, noting every answer ---------------------------------------------

class Tally:
    """Every answer's status and how long it took; `committed` runs each request's after-commit work."""

    def __init__(self, committed):
        self.answers = []  # (method, path, status, seconds)
        self.committed = committed

    def note(self, method, path, status, seconds):
        self.answers.append((method, path, status, seconds))

    @property
    def statuses(self):
        return [status for _, _, status, _ in self.answers]

    def errors(self):
        return [a for a in self.answers if a[2] >= 500]

    def slowest(self):
        return max(self.answers, key=lambda a: a[3]) if self.answers else None


class Walker:
    """A Django test client (500s come back as answers, not exceptions) that notes each answer.

    Each request's after-commit work (emails handed to the broker, pages forgotten, product
    views queued) runs at the end of that request, as a real commit would run it.
    """

    def __init__(self, tally):
        self.client = Client(raise_request_exception=False)
        self.tally, self.committed = tally, tally.committed

    def get(self, path, **kwargs):
        return self._note("GET", path, self.client.get, path, **kwargs)

    def post(self, path, data=None, **kwargs):
        return self._note("POST", path, self.client.post, path, data or {}, **kwargs)

    def _note(self, method, path, call, *args, **kwargs):
        started = time.monotonic()
        with self.committed():
            response = call(*args, **kwargs)
        self.tally.note(method, path, response.status_code, time.monotonic() - started)
        return response


def noted(app, tally):
    """A django-webtest app whose answers are noted (after-commit work run as in Walker); a
    4xx/5xx nobody expected still fails."""
    original = app.do_request

    def do_request(req, status=None, expect_errors=None):
        started = time.monotonic()
        with tally.committed():
            response = original(req, status=status, expect_errors=True)
        tally.note(req.method, req.path, response.status_int, time.monotonic() - started)
        if status is None and not expect_errors and response.status_int >= 400:
            raise AssertionError(f"{req.method} {req.path} answered {response.status}")
        return response

    app.do_request = do_request
    return app


def signed_in(walker):
    return "_auth_user_id" in walker.client.session


@pytest.fixture
def shop(home, category, products, country, password):
    """A home page, an about page, a blog with a post, a category of products, and people."""
    about = publish(home, StandardPage(title="About us", slug="about", intro="Two people and a market stall."))
    blog = publish(home, BlogIndexPage(title="Journal", slug="blog", intro="Recipes."))
    post = publish(blog, BlogPage(title="Marmalade day", slug="marmalade", author="Hannah Price",
                                  intro="Seville oranges have a short season."))
    users = get_user_model().objects
    staff = make_editor(make_merchandiser(users.create_user(email="sam@example.com", password=password)))
    shopper = users.create_user(email="ada@example.com", password=password, first_name="Ada")
    pages = ["/", about.url, blog.url, post.url, category.get_absolute_url(), "/shop/catalogue/",
             products[0].get_absolute_url(), "/search/?q=jam"]
    return {"pages": pages, "about": about, "product": products[0], "category": category, "staff": staff,
            "shopper": shopper, "country": country, "password": password}


def storefront_pages(walker, shop, expect_cache):
    """Every storefront page as an anonymous visitor; each answers 200 with the expected cache state."""
    for path in shop["pages"]:
        response = walker.get(path)
        assert response.status_code == 200, (path, response.status_code)
        if not path.startswith("/search/"):
            assert response.get("X-Page-Cache") in expect_cache, (path, response.get("X-Page-Cache"))


def register(walker, email, password):
    return walker.post("/shop/accounts/login/", {
        "registration-email": email, "registration-password1": password, "registration-password2": password,
        "registration_submit": "Register"})


def sign_in(walker, path, email, password):
    if path == "/shop/accounts/login/":
        data = {"login-username": email, "login-password": password, "login_submit": "Log In"}
    else:
        data = {"username": email, "password": password}
    walker.get(path)
    return walker.post(path, data, REMOTE_ADDR="10.0.0.7")


def shopper_checkout(app, shop):
    """A signed-in shopper adds to the basket and pays with the demo method."""
    add_to_basket(app, shop["product"])
    page = app.get("/shop/checkout/").maybe_follow()
    form = page.forms["new_shipping_address"]
    fill_address(form, shop["country"])
    page = form.submit().maybe_follow()
    if page.request.path == "/shop/checkout/shipping-method/":
        page = choose_shipping(page, "standard")
    return demo_pay(page)


def sign_in_through_the_form(app, shop):
    form = app.get("/shop/accounts/login/").forms["login_form"]
    form["login-username"], form["login-password"] = shop["shopper"].email, shop["password"]
    return form.submit("login_submit").maybe_follow()


def losses(expected_orders):
    """What an outage cost, from the database: orders not placed, confirmations not in the outbox."""
    numbers = list(Order.objects.values_list("number", flat=True))
    confirmed = set(OutgoingEmail.objects.filter(key__startswith="order-placed:").values_list("key", flat=True))
    return {"orders": expected_orders - len(numbers),
            "emails": sum(1 for n in numbers if f"order-placed:{n}" not in confirmed)}


# --- Redis unreachable -------------------------------------------------------------------

@pytest.mark.django_db
def test_with_redis_unreachable_the_shop_keeps_selling_and_recovers_by_itself(
        redis_cache, redis_broker, shop, django_app, raw, committed):
    tally = Tally(committed)
    visitor = Walker(tally)
    storefront_pages(visitor, shop, {"miss"})
    storefront_pages(visitor, shop, {"hit"})  # production's wiring reaches our Redis
    assert raw.dbsize() > 0

    redis_cache.cut()

    # Anonymous: every page, rendered afresh.
    storefront_pages(Walker(tally), shop, {"unavailable"})
    # A guest adds to the basket and pays (CSRF checked, as a browser without JavaScript).
    guest = noted(django_app, tally)
    assert demo_pay(guest_to_payment_step(guest, shop["product"], shop["country"])).request.path == \
        "/shop/checkout/thank-you/"
    # Registration, then the new account's pages.
    newcomer = Walker(tally)
    assert register(newcomer, "lin@example.com", shop["password"]).status_code == 302
    assert signed_in(newcomer) and newcomer.get("/shop/accounts/profile/").status_code == 200
    # Sign-in, the account, the basket; then a signed-in checkout.
    shopper = Walker(tally)
    assert sign_in(shopper, "/shop/accounts/login/", shop["shopper"].email, shop["password"]).status_code == 302
    assert signed_in(shopper)
    for path in ["/shop/accounts/profile/", *shop["pages"], "/shop/basket/"]:
        assert shopper.get(path).status_code == 200, path
    assert shopper.post(f"/shop/basket/add/{shop['product'].pk}/", {"quantity": 1}).status_code == 302
    assert shopper.get("/shop/basket/").status_code == 200
    django_app.reset()
    sign_in_through_the_form(django_app, shop)
    assert shopper_checkout(django_app, shop).request.path == "/shop/checkout/thank-you/"
    # Lockout is kept in the database: the sixth wrong password for one account is still refused.
    attacker = Walker(tally)
    tries = [sign_in(attacker, "/shop/accounts/login/", shop["shopper"].email, WRONG).status_code
             for _ in range(6)]
    assert tries[:5] == [200] * 5 and tries[5] == 429
    # Staff: the Wagtail admin (login page, dashboard, editing and publishing a page) and Oscar's dashboard.
    staff = Walker(tally)
    assert staff.get("/cms/login/").status_code == 200
    assert sign_in(staff, "/cms/login/", shop["staff"].email, shop["password"]).status_code == 302
    assert staff.get("/cms/").status_code == 200
    assert staff.get(f"/cms/pages/{shop['about'].pk}/edit/").status_code == 200
    assert publish_through_the_admin(staff, shop["about"], "About Larder & Loom").status_code == 302
    assert sign_in(staff, "/shop/dashboard/login/", shop["staff"].email, shop["password"]).status_code == 302
    order = Order.objects.order_by("-id").first()
    for path in ["/shop/dashboard/", "/shop/dashboard/orders/", f"/shop/dashboard/orders/{order.number}/",
                 "/shop/dashboard/catalogue/"]:
        assert staff.get(path).status_code == 200, path

    assert not tally.errors(), tally.errors()
    assert Order.objects.count() == 2
    lost = losses(expected_orders=2)
    assert lost == {"orders": 0, "emails": 0}
    # Both confirmations wait in the outbox for the drain: the broker was away too.
    assert set(OutgoingEmail.objects.filter(key__startswith="order-placed:").values_list("status", flat=True)) == \
        {"queued"}

    redis_cache.heal()
    time.sleep(RETRY_AFTER * 2)
    back = Walker(tally)
    for path in shop["pages"][:-1]:
        back.get(path)
        assert back.get(path)["X-Page-Cache"] == "hit", path  # the cache is used again, without a restart
    # The page published while Redis was away shows its new title: the pages cached before are forgotten.
    assert "About Larder &amp; Loom" in back.get(shop["about"].url).content.decode()
    assert not tally.errors()
    report.record("Redis unreachable (cache and broker)", tally.statuses, lost,
                  f"{len(tally.answers)} answers, none 5xx; 429 is the lockout; "
                  f"slowest {tally.slowest()[3]:.2f}s ({tally.slowest()[1]})")


@pytest.mark.django_db
def test_a_hung_redis_costs_each_request_at_most_a_couple_of_seconds(redis_cache, redis_broker, shop, raw, committed):
    tally = Tally(committed)
    visitor = Walker(tally)
    storefront_pages(visitor, shop, {"miss"})
    # A paused Redis: connections are accepted and nothing comes back. If a request waits
    # for ever, the line heals after a while so the test fails on its timings instead of hanging.
    redis_cache.hang()
    watchdog = threading.Timer(20, redis_cache.heal)
    watchdog.start()
    try:
        storefront_pages(Walker(tally), shop, {"unavailable", "miss"})
        shopper = Walker(tally)
        assert sign_in(shopper, "/shop/accounts/login/", shop["shopper"].email, shop["password"]).status_code == 302
        assert shopper.post(f"/shop/basket/add/{shop['product'].pk}/", {"quantity": 1}).status_code == 302
        for path in ["/shop/basket/", shop["product"].get_absolute_url(), "/shop/accounts/profile/"]:
            assert shopper.get(path).status_code == 200, path
        newcomer = Walker(tally)
        assert register(newcomer, "lin@example.com", shop["password"]).status_code == 302
    finally:
        watchdog.cancel()
    slowest = tally.slowest()
    assert not tally.errors(), tally.errors()
    assert slowest[3] <= A_COUPLE_OF_SECONDS, [a for a in tally.answers if a[3] > A_COUPLE_OF_SECONDS]

    redis_cache.heal()
    time.sleep(RETRY_AFTER * 2)
    back = Walker(tally)
    back.get("/")
    assert back.get("/")["X-Page-Cache"] == "hit"
    report.record("Redis hung (cache and broker)", tally.statuses, {"orders": 0, "emails": 0},
                  f"slowest answer {slowest[3]:.2f}s ({slowest[0]} {slowest[1]}); every answer within "
                  f"{A_COUPLE_OF_SECONDS}s")


@pytest.mark.django_db
def test_signing_out_while_redis_is_away_still_signs_out_once_it_is_back(redis_cache, shop, committed):
    tally = Tally(committed)
    shopper = Walker(tally)
    assert sign_in(shopper, "/shop/accounts/login/", shop["shopper"].email, shop["password"]).status_code == 302
    assert shopper.get("/shop/accounts/profile/").status_code == 200  # the session is now cached in Redis too
    stolen = shopper.client.cookies["sessionid"].value

    redis_cache.cut()
    assert shopper.get("/shop/accounts/logout/").status_code == 302
    assert not Session.objects.filter(session_key=stolen).exists()

    redis_cache.heal()
    time.sleep(RETRY_AFTER * 2)
    replay = Walker(tally)
    replay.client.cookies["sessionid"] = stolen
    response = replay.get("/shop/accounts/profile/")
    assert response.status_code == 302 and "/login/" in response["Location"]  # the old cached copy was forgotten
    assert not tally.errors()


@pytest.mark.django_db
def test_a_clear_missed_while_redis_was_away_spares_a_broker_sharing_its_database(redis_cache, raw):
    from django.core.cache import cache

    cache.set("price", "old")
    raw.lpush("celery", "a queued task")  # CELERY_BROKER_URL defaults to REDIS_URL: one database for both
    redis_cache.cut()
    cache.clear()
    assert cache.get("price") is None  # away: every read is a miss

    redis_cache.heal()
    time.sleep(RETRY_AFTER * 2)
    assert cache.get("price") is None  # the clear was made good on return, by the cache's own keys
    assert raw.llen("celery") == 1


# --- Redis full ----------------------------------------------------------------------------

@pytest.mark.django_db
def test_query_strings_nobody_links_to_make_no_page_entries_of_their_own(redis_cache, category, raw, settings,
                                                                          committed):
    settings.OSCAR_PRODUCTS_PER_PAGE = 2
    for title in TITLES:
        make_product(title, category=category)
    url = category.get_absolute_url()
    tally = Tally(committed)

    def junk():
        token = secrets.token_hex(4)
        return secrets.choice([f"utm_source=news{token}", f"fbclid={token}", f"{token}={token}",
                               f"gclid={token}&utm_campaign={token}", f"sort_by={token}", f"page=9{token}",
                               f"in_stock={token}", f"_={token}"])

    for _ in range(2):  # the first visit also has the pictures' thumbnails made, which forgets pages once
        Walker(tally).get(url)
    before = set(raw.keys("*"))
    for _ in range(200):  # each from a new visitor, as a crawler or an attacker without cookies
        response = Walker(tally).get(f"{url}?{junk()}")
        assert response.status_code in (200, 302)
        assert b"utm_" not in response.content and b"fbclid" not in response.content
    added = set(raw.keys("*")) - before
    assert len(added) <= 2, sorted(added)
    pages = raw.keys("*pagecache:v*")

    visitor = Walker(tally)
    page_one = visitor.get(url).content.decode()
    first, second = visitor.get(f"{url}?page=2"), visitor.get(f"{url}?utm_source=mail&page=2&fbclid=x")
    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "hit")
    on_two = [title for title in TITLES if title in second.content.decode()]
    assert on_two and not any(title in page_one for title in on_two)  # its own entry, with the right products
    assert len(raw.keys("*pagecache:v*")) == len(pages) + 1
    report.record("Redis filled by junk query strings", tally.statuses, {"page_entries_over_bound": 0},
                  f"200 requests with made-up parameters added {len(added)} keys; {len(pages)} page entries in all")


@pytest.mark.django_db
def test_a_full_redis_that_refuses_writes_still_serves_every_page(redis_cache, redis_broker, shop, raw, committed):
    tally = Tally(committed)
    storefront_pages(Walker(tally), shop, {"miss"})
    used = raw.info("memory")["used_memory"]
    raw.config_set("maxmemory-policy", "noeviction")
    raw.config_set("maxmemory", used + 1024)  # full: every write that needs memory is refused
    try:
        storefront_pages(Walker(tally), shop, {"miss", "hit"})
        newcomer = Walker(tally)
        assert register(newcomer, "lin@example.com", shop["password"]).status_code == 302
        assert newcomer.post(f"/shop/basket/add/{shop['product'].pk}/", {"quantity": 1}).status_code == 302
        assert newcomer.get("/shop/basket/").status_code == 200
        assert not tally.errors(), tally.errors()
    finally:
        raw.config_set("maxmemory", 0)
    report.record("Redis full (writes refused)", tally.statuses, {"orders": 0, "emails": 0},
                  "pages answered from the database and the cache they could still read")


# --- The rules for limits while nothing can be counted --------------------------------------

@pytest.mark.django_db
def test_without_redis_client_limits_fail_open_and_acknowledgements_fail_closed(redis_cache, settings, rf):
    from security.ratelimit import over_limit, over_limit_for_email

    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "login": (2, 600)}
    request = rf.post("/shop/accounts/login/", REMOTE_ADDR="10.0.0.9")
    assert [over_limit(request, "login") for _ in range(3)] == [False, False, True]  # counted while Redis answers
    assert over_limit_for_email("contact_ack", "ada@example.com") is False

    redis_cache.cut()
    assert [over_limit(request, "login") for _ in range(3)] == [False, False, False]
    assert over_limit_for_email("contact_ack", "lin@example.com") is True


def test_the_cache_and_the_broker_live_in_separately_bounded_redis():
    from ..operations.compose import services_from_file

    found = services_from_file()
    cache, broker = found["redis-cache"]["command"], found["redis-broker"]["command"]
    assert "allkeys-lru" in cache and "--maxmemory" in cache and "appendonly\", \"no" in cache.replace("'", '"')
    assert "noeviction" in broker and "--appendonly\", \"yes" in broker
    for name in ("web", "worker", "worker-emails", "worker-reports", "beat"):
        environment = found[name]["environment"]
        assert "REDIS_URL: redis://redis-cache:" in environment, name
        assert "CELERY_BROKER_URL: redis://redis-broker:" in environment, name



@pytest.mark.django_db
def test_a_card_checkout_with_redis_unreachable_is_placed_and_paid(redis_cache, redis_broker, stripe, products,
                                                                    country, django_app, client, committed):
    """The card path through the basket, Stripe and the webhook, with the cache and broker gone."""
    from commerce.payments.models import Payment

    from ..checkout_steps import pay_by_card

    redis_cache.cut()
    page = guest_to_payment_step(django_app, products[0], country)
    done = pay_by_card(django_app, page, stripe.card())
    order = get_model("order", "Order").objects.get()
    [intent] = stripe.intents_for(order.number)
    body, signature = stripe.wait_for("payment_intent.succeeded", intent["id"])
    with committed():
        webhook = client.post("/stripe/webhook/", data=body, content_type="application/json",
                              HTTP_STRIPE_SIGNATURE=signature)

    assert done.request.path == "/shop/checkout/thank-you/" and order.number in done.text
    assert webhook.status_code == 200 and webhook.json()["outcome"] == "paid"
    order.refresh_from_db()
    assert order.status == "Processing" and Payment.objects.get().status == Payment.Status.SUCCEEDED
    email = OutgoingEmail.objects.get(key=f"order-placed:{order.number}")  # waits for the drain
    report.record("Redis unreachable at card checkout", [done.status_code, webhook.status_code],
                  {"orders": 0, "payments": 0, "emails": 0}, note=f"confirmation {email.status} in the outbox")
