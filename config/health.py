"""/healthz: the state of each part the site needs, for load balancers and humans.

Returns 200 when every required part answers, 503 otherwise. The broker and the
search engine are only required when they are configured (not eager / database).
Every setting is read when the request arrives, so a changed setting (or a test's
override) is what gets checked, and no check can hold the request for long: the
broker gets short socket timeouts and a hard deadline on top.
"""
import threading
import time

from django.conf import settings
from django.core.cache import caches
from django.db import connection, transaction
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

BROKER_TIMEOUT = 2.0  # seconds for the broker's connect and first reply
BROKER_DEADLINE = 4.0  # seconds after which the broker is reported down, answer or not


def _check(fn):
    started = time.monotonic()
    try:
        detail = fn() or "ok"
        ok = True
    except Exception as exc:  # noqa: BLE001  any failure means "down"
        detail, ok = f"{type(exc).__name__}: {exc}", False
    return {"ok": ok, "detail": detail, "ms": round((time.monotonic() - started) * 1000, 1)}


def _database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return connection.vendor


def _cache():
    cache = caches["default"]
    cache.set("healthz", "1", 5)
    if cache.get("healthz") != "1":
        raise RuntimeError("cache did not return the value written")
    return type(cache).__name__


def _ping_broker(url):
    from config.celery_app import app

    conn = app.connection_for_write(
        url,
        connect_timeout=BROKER_TIMEOUT,
        transport_options={
            "socket_timeout": BROKER_TIMEOUT,
            "socket_connect_timeout": BROKER_TIMEOUT,
            "max_retries": 0,
        },
    )
    try:
        conn.ensure_connection(max_retries=1, interval_start=0, interval_step=0, timeout=BROKER_TIMEOUT)
    except Exception as exc:
        where = f"{conn.transport_cls}://{conn.hostname}:{conn.port}"  # no credentials in the answer
        raise ConnectionError(f"cannot reach broker {where}: {exc}") from exc
    finally:
        conn.release()


def _broker():
    if getattr(settings, "CELERY_TASK_ALWAYS_EAGER", False):
        return "eager (no broker needed)"
    url = getattr(settings, "CELERY_BROKER_URL", "")
    if not url:
        raise RuntimeError("CELERY_BROKER_URL is not set and tasks are not eager")
    # A broker that accepts the connection but never answers must not hold the request:
    # the ping runs in a daemon thread and is abandoned after the deadline.
    outcome = {}

    def ping():
        try:
            _ping_broker(url)
            outcome["ok"] = True
        except Exception as exc:  # noqa: BLE001  handed back to the request thread
            outcome["error"] = exc

    worker = threading.Thread(target=ping, name="healthz-broker", daemon=True)
    worker.start()
    worker.join(BROKER_DEADLINE)
    if "error" in outcome:
        raise outcome["error"]
    if not outcome.get("ok"):
        raise TimeoutError(f"broker gave no answer within {BROKER_DEADLINE:g}s")
    return "connected"


def _search():
    from search import engines

    return engines.health()


@never_cache
@transaction.non_atomic_requests  # ATOMIC_REQUESTS would turn a dead database into a 500
def healthz(request):
    checks = {
        "database": _check(_database),
        "cache": _check(_cache),
        "broker": _check(_broker),
        "search": _check(_search),
    }
    healthy = all(c["ok"] for c in checks.values())
    return JsonResponse({"status": "ok" if healthy else "degraded", "checks": checks}, status=200 if healthy else 503)
