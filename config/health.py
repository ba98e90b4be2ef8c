"""/healthz: the state of each part the site needs, for load balancers and humans.

Returns 200 when every required part answers, 503 otherwise. The broker and the
search engine are only required when they are configured (not eager / database).
"""
import time

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse


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
    cache.set("healthz", "1", 5)
    if cache.get("healthz") != "1":
        raise RuntimeError("cache did not return the value written")
    return cache.__class__.__name__


def _broker():
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return "eager (no broker needed)"
    from config.celery_app import app

    with app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, timeout=2)
    return "connected"


def _search():
    from search import engines

    return engines.health()


def healthz(request):
    checks = {
        "database": _check(_database),
        "cache": _check(_cache),
        "broker": _check(_broker),
        "search": _check(_search),
    }
    healthy = all(c["ok"] for c in checks.values())
    return JsonResponse({"status": "ok" if healthy else "degraded", "checks": checks}, status=200 if healthy else 503)
