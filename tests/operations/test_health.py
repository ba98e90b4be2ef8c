"""Health probes: /healthz/live answers while the process runs; /healthz/ready (and the older
/healthz) fails only when the database is down, reports optional parts as degraded, tells
the public only each part's state, and doesn't open a broker connection per call."""
import json
import os
import socket
import time

import pytest
from django.db import OperationalError, connection, connections

from config import health

pytestmark = pytest.mark.django_db

DEAD_BROKER = "redis://127.0.0.1:1/0"  # port 1: nothing listens, the connection is refused
STATES = {"ok", "degraded", "down"}


@pytest.fixture(autouse=True)
def _forget_remembered_checks():
    health._remembered.clear()
    yield
    health._remembered.clear()


def get_health(client, path="/healthz/ready", **headers):
    response = client.get(path, **headers)
    assert response["Content-Type"] == "application/json"
    return response, response.json()


def assert_public(body, *secrets):
    """Only states: no details, timings, error text, hosts, ports or users."""
    text = json.dumps(body)
    assert set(body) == {"status", "checks"}
    for check in body["checks"].values():
        assert set(check) == {"state", "ok"}, check
        assert check["state"] in STATES
    for secret in ("Traceback", "Error", "127.0.0.1", *secrets):
        assert secret not in text, f"{secret!r} in the public answer {text}"


@pytest.fixture
def staff_client(client, db):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user(email="ops@example.com", password="x" * 12)
    user.is_staff = True
    user.save()
    client.force_login(user)
    return client


@pytest.fixture
def dead_database(monkeypatch, tmp_path):
    """The health checks' connection points at a database that isn't there (a closed port on
    PostgreSQL, a missing folder on SQLite); the test's own connection is untouched."""
    settings_dict = dict(connection.settings_dict)
    if connection.vendor == "postgresql":
        with socket.socket() as probe:  # a port nothing listens on
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        settings_dict.update(HOST="127.0.0.1", PORT=port)
    else:
        settings_dict.update(NAME=str(tmp_path / "missing" / "db.sqlite3"))
    dead = type(connections[connection.alias])(settings_dict, alias=connection.alias)
    monkeypatch.setattr(health, "connection", dead)
    yield dead
    dead.close()


def test_everything_is_ok_on_the_embedded_defaults(client):
    response, body = get_health(client)

    assert response.status_code == 200, body
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "cache", "broker", "search", "email"}
    assert all(check == {"state": "ok", "ok": True} for check in body["checks"].values()), body
    assert "no-cache" in response["Cache-Control"]


def test_the_old_path_is_the_readiness_probe(client, dead_database):
    old, old_body = get_health(client, "/healthz")
    new, new_body = get_health(client, "/healthz/ready")

    assert old.status_code == new.status_code == 503
    assert old_body == new_body


def test_liveness_answers_without_touching_the_database(client, monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError("connection to server failed")

    # Any use of the database at all fails, the view's transaction included.
    monkeypatch.setattr(connection, "ensure_connection", refuse)
    monkeypatch.setattr(connection, "cursor", refuse)

    live, live_body = get_health(client, "/healthz/live")
    ready, _ = get_health(client, "/healthz/ready")

    assert live.status_code == 200 and live_body == {"status": "ok"}
    assert "no-cache" in live["Cache-Control"]
    assert ready.status_code == 503


def test_a_dead_database_is_503_and_the_public_answer_names_no_host_port_or_user(client, dead_database):
    response, body = get_health(client)

    assert response.status_code == 503
    assert body["status"] == "down"
    assert body["checks"]["database"] == {"state": "down", "ok": False}
    settings_dict = dead_database.settings_dict
    assert_public(body, str(settings_dict.get("PORT") or "5432"), *(v for v in (settings_dict.get("USER"),) if v))


def test_staff_see_what_the_database_check_found_without_hosts_or_credentials(staff_client, monkeypatch):
    def refuse():
        raise OperationalError('connection failed: connection to server at "db.internal.example" (10.1.2.3), '
                               'port 6543 failed: FATAL:  password authentication failed for user "shopowner"')

    monkeypatch.setattr(health, "_database", refuse)

    response, body = get_health(staff_client)

    assert response.status_code == 503
    database = body["checks"]["database"]
    assert database["state"] == "down" and database["detail"].startswith("OperationalError: ")
    assert "password authentication failed" in database["detail"]
    assert isinstance(database["ms"], float)
    for secret in ("db.internal.example", "10.1.2.3", "6543", "shopowner", "Traceback"):
        assert secret not in database["detail"], database["detail"]


def test_a_token_from_the_environment_shows_details_and_a_wrong_one_does_not(client, settings):
    settings.HEALTH_DETAILS_TOKEN = "probe-token-9f3a1c7e"

    _, with_token = get_health(client, HTTP_X_HEALTH_TOKEN="probe-token-9f3a1c7e")
    _, wrong = get_health(client, HTTP_X_HEALTH_TOKEN="probe-token-guess")
    _, without = get_health(client)

    assert with_token["checks"]["database"]["detail"] == connection.vendor
    assert with_token["checks"]["broker"]["detail"].startswith("eager")
    assert_public(wrong)
    assert_public(without)


def test_an_unset_token_opens_nothing(client, settings):
    settings.HEALTH_DETAILS_TOKEN = ""

    _, body = get_health(client, HTTP_X_HEALTH_TOKEN="")

    assert_public(body)


@pytest.fixture
def search_engine_down(monkeypatch):
    from search import engines

    def down():
        raise ConnectionError("search engine at http://127.0.0.1:9200 refused the connection")

    monkeypatch.setattr(engines.DATABASE, "health", down)  # the configured engine (database here)


def test_the_search_engine_down_is_degraded_not_unready(client, search_engine_down):
    response, body = get_health(client)

    assert response.status_code == 200
    assert body["status"] == "degraded"
    assert body["checks"]["search"] == {"state": "degraded", "ok": False}
    assert body["checks"]["database"]["state"] == "ok"
    assert_public(body, "9200", "refused")


def test_without_the_search_apps_verdict_the_engines_own_health_is_asked(client, search_engine_down, monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "search.health", None)  # as before search/health.py existed

    response, body = get_health(client)

    assert response.status_code == 200
    assert body["checks"]["search"] == {"state": "degraded", "ok": False}


def test_the_search_apps_own_verdict_is_used_when_it_gives_one(client, staff_client, monkeypatch):
    import sys
    import types

    verdicts = types.ModuleType("search.health")
    verdicts.state = lambda: ("degraded", "answering from the database: the engine timed out")
    monkeypatch.setitem(sys.modules, "search.health", verdicts)

    response, body = get_health(staff_client)

    assert response.status_code == 200
    assert body["checks"]["search"]["state"] == "degraded"
    assert "answering from the database" in body["checks"]["search"]["detail"]


def test_an_unreachable_broker_is_degraded_and_staff_see_why(staff_client, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = DEAD_BROKER

    response, body = get_health(staff_client)

    assert response.status_code == 200
    assert body["status"] == "degraded"
    broker = body["checks"]["broker"]
    assert broker["state"] == "degraded"
    assert broker["detail"].startswith("ConnectionError: cannot reach the broker (redis)")
    assert "127.0.0.1" not in broker["detail"] and ":1/" not in broker["detail"]
    assert body["checks"]["database"]["state"] == body["checks"]["cache"]["state"] == "ok"


def test_the_broker_is_not_connected_on_every_call(client, settings, monkeypatch):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:6379/0"
    pings = []
    monkeypatch.setattr(health, "_ping_broker", pings.append)

    for _ in range(5):
        response, body = get_health(client)
        assert response.status_code == 200 and body["checks"]["broker"]["state"] == "ok"
    assert pings == ["redis://127.0.0.1:6379/0"], "one connection for five probes within a few seconds"

    monkeypatch.setattr(health, "BROKER_REMEMBER_SECONDS", 0.0)
    health._remembered.clear()
    get_health(client)
    get_health(client)
    assert len(pings) == 3, "once the answer is old the broker is asked again"


def test_a_failed_broker_check_is_remembered_too(client, settings, monkeypatch):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = DEAD_BROKER
    pings = []

    def refuse(url):
        pings.append(url)
        raise ConnectionError("refused")

    monkeypatch.setattr(health, "_ping_broker", refuse)

    for _ in range(3):
        _, body = get_health(client)
        assert body["checks"]["broker"]["state"] == "degraded"
    assert len(pings) == 1


def test_a_broker_that_never_answers_cannot_hold_the_request(client, settings, monkeypatch):
    # A socket that accepts connections (the kernel's backlog) but never replies.
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(8)
    monkeypatch.setattr(health, "BROKER_TIMEOUT", 0.5)
    monkeypatch.setattr(health, "BROKER_DEADLINE", 1.5)
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = f"redis://127.0.0.1:{silent.getsockname()[1]}/0"
    try:
        started = time.monotonic()
        response, body = get_health(client)
        elapsed = time.monotonic() - started
    finally:
        silent.close()

    assert response.status_code == 200
    assert body["checks"]["broker"]["state"] == "degraded"
    assert elapsed < 3, f"/healthz/ready took {elapsed:.1f}s"


def test_a_broker_setting_missing_while_not_eager_is_reported(staff_client, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = ""

    response, body = get_health(staff_client)

    assert response.status_code == 200
    assert body["checks"]["broker"]["state"] == "degraded"
    assert "CELERY_BROKER_URL is not set" in body["checks"]["broker"]["detail"]


def test_an_unreachable_cache_is_degraded(staff_client, settings):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": DEAD_BROKER},
    }

    response, body = get_health(staff_client)

    assert response.status_code == 200
    cache = body["checks"]["cache"]
    assert cache["state"] == "degraded"
    assert cache["detail"].startswith("ConnectionError") and "127.0.0.1" not in cache["detail"]


def test_a_cache_that_forgets_what_was_written_is_degraded(staff_client, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}

    response, body = get_health(staff_client)

    assert response.status_code == 200
    assert body["checks"]["cache"]["detail"] == "RuntimeError: cache did not return the value written"


def test_an_unreachable_mail_server_is_degraded_and_checked_once_in_a_while(client, settings, monkeypatch):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 1
    settings.EMAIL_USE_SSL = settings.EMAIL_USE_TLS = False
    tries = []
    real_ping = health._ping_smtp
    monkeypatch.setattr(health, "_ping_smtp", lambda *args: tries.append(args) or real_ping(*args))

    for _ in range(2):
        response, body = get_health(client)
        assert response.status_code == 200
        assert body["checks"]["email"] == {"state": "degraded", "ok": False}
    assert len(tries) == 1


def test_scrub_takes_out_urls_addresses_and_names_from_the_settings(settings):
    settings.CELERY_BROKER_URL = "redis://:s3cret-pass@broker.internal:6380/0"
    message = ("Error -2 connecting to broker.internal:6380. Name or service not known; "
               "tried redis://:s3cret-pass@broker.internal:6380/0 and host=10.0.0.7 port 6380")

    scrubbed = health.scrub(message)

    for secret in ("broker.internal", "s3cret-pass", "10.0.0.7", "6380"):
        assert secret not in scrubbed, scrubbed
    assert "Name or service not known" in scrubbed


@pytest.mark.services
@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="REDIS_URL is not set (CI sets it)")
def test_the_broker_and_cache_answer_from_a_real_redis(staff_client, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = os.environ["REDIS_URL"]
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": os.environ["REDIS_URL"]},
    }

    response, body = get_health(staff_client)

    assert response.status_code == 200, body
    assert body["checks"]["broker"]["detail"] == "connected"
    assert body["checks"]["cache"]["detail"] == "RedisCache"
