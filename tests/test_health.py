"""/healthz reports each part the site needs and answers 503, quickly, when one is down."""
import os
import socket
import time

import pytest
from django.db import OperationalError, connection

from config import health

pytestmark = pytest.mark.django_db

DEAD_BROKER = "redis://127.0.0.1:1/0"  # port 1: nothing listens, the connection is refused


def get_health(client):
    response = client.get("/healthz")
    assert response["Content-Type"] == "application/json"
    return response, response.json()


def test_everything_is_ok_on_the_embedded_defaults(client):
    response, body = get_health(client)

    assert response.status_code == 200, body
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "cache", "broker", "search"}
    assert all(check["ok"] for check in body["checks"].values()), body
    assert body["checks"]["broker"]["detail"].startswith("eager")
    assert body["checks"]["cache"]["detail"] == "LocMemCache"
    assert "no-cache" in response["Cache-Control"]


def test_an_unreachable_broker_makes_it_503_with_a_clear_detail(client, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = DEAD_BROKER

    response, body = get_health(client)

    assert response.status_code == 503
    assert body["status"] == "degraded"
    broker = body["checks"]["broker"]
    assert broker["ok"] is False
    assert "cannot reach broker redis://127.0.0.1:1" in broker["detail"]
    assert body["checks"]["database"]["ok"] and body["checks"]["cache"]["ok"]


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

    assert response.status_code == 503
    assert body["checks"]["broker"]["ok"] is False
    assert elapsed < 3, f"/healthz took {elapsed:.1f}s"


def test_a_broker_setting_missing_while_not_eager_is_reported(client, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = ""

    response, body = get_health(client)

    assert response.status_code == 503
    assert "CELERY_BROKER_URL is not set" in body["checks"]["broker"]["detail"]


def test_an_unreachable_cache_makes_it_503(client, settings):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": DEAD_BROKER},
    }

    response, body = get_health(client)

    assert response.status_code == 503
    cache = body["checks"]["cache"]
    assert cache["ok"] is False
    assert "ConnectionError" in cache["detail"]


def test_a_cache_that_forgets_what_was_written_makes_it_503(client, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}

    response, body = get_health(client)

    assert response.status_code == 503
    assert body["checks"]["cache"]["detail"] == "RuntimeError: cache did not return the value written"


def test_a_dead_database_gives_503_not_a_server_error(client, monkeypatch):
    def refuse():
        raise OperationalError("connection refused")

    # With ATOMIC_REQUESTS on, a view that opened a transaction would 500 before reporting.
    monkeypatch.setattr(connection, "cursor", refuse)

    response, body = get_health(client)

    assert response.status_code == 503
    assert body["checks"]["database"] == {
        "ok": False, "detail": "OperationalError: connection refused", "ms": body["checks"]["database"]["ms"],
    }


def test_a_search_engine_that_cannot_answer_makes_it_503(client, monkeypatch):
    from search import engines

    def down():
        raise ConnectionError("search engine at http://127.0.0.1:1 refused the connection")

    monkeypatch.setattr(engines, "health", down)

    response, body = get_health(client)

    assert response.status_code == 503
    assert "refused the connection" in body["checks"]["search"]["detail"]


@pytest.mark.services
@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="REDIS_URL is not set (CI sets it)")
def test_the_broker_and_cache_answer_from_a_real_redis(client, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = os.environ["REDIS_URL"]
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": os.environ["REDIS_URL"]},
    }

    response, body = get_health(client)

    assert response.status_code == 200, body
    assert body["checks"]["broker"]["detail"] == "connected"
    assert body["checks"]["cache"]["detail"] == "RedisCache"
