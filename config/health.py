"""Health probes: is the process alive, and can the site serve shoppers.

- `/healthz/live`: the process answers. It touches nothing else (no database, no
  transaction), so a restart is only asked for when a restart can help.
- `/healthz/ready` (and `/healthz`, kept for older probes): the state of each part. Only
  the database is required: it answers 503 when the database is down. The cache, the
  broker, the search engine and the mail server are optional (the shop degrades and
  keeps selling without them), so one of them down is reported as "degraded" with 200,
  and a search outage never takes every web process out of a load balancer.

Everyone sees each part's state (ok, degraded or down) and nothing more. Staff, and
requests carrying settings.HEALTH_DETAILS_TOKEN in an X-Health-Token header, also see
what each check found: the error class and its message with host names, addresses,
ports, users and URLs taken out, and how long it took.

Every setting is read when the request arrives. No check can hold the request for long:
the broker and the mail server get short socket timeouts and a hard deadline on top, and
their answers are remembered for a few seconds per process (BROKER_REMEMBER_SECONDS), so
frequent probes don't open a connection each.
"""
import importlib
import re
import smtplib
import ssl
import threading
import time
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import caches
from django.db import DatabaseError, connection, transaction
from django.http import JsonResponse
from django.utils.crypto import constant_time_compare
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

BROKER_TIMEOUT = 2.0  # seconds for the broker's (and mail server's) connect and first reply
BROKER_DEADLINE = 4.0  # seconds after which the broker is reported degraded, answer or not
BROKER_REMEMBER_SECONDS = 10.0  # a broker or mail server answer is reused this long per process
TOKEN_HEADER = "HTTP_X_HEALTH_TOKEN"
REQUIRED = ("database",)

OK, DEGRADED, DOWN = "ok", "degraded", "down"


class Degraded(Exception):
    """A part that answers but says it can't do its job fully (e.g. a red search cluster)."""


# --- What the answer may say ---------------------------------------------------------

_URL = re.compile(r"\b[a-z][a-z0-9+.-]*://\S+", re.I)
_QUOTED = re.compile(r"\"[^\"]*\"|'[^']*'")
_IPV4 = re.compile(r"\b\d{1,3}(?:\.\d{1,3}){3}(?::\d+)?\b")
_HOST_PORT = re.compile(r"\b[\w.-]+:\d{1,5}\b")
_PORT = re.compile(r"\bport\s+\d+", re.I)
_KEYED = re.compile(r"\b(user|username|host|hostname|port|dbname|password)\s*=\s*\S+", re.I)


def _known_names():
    """Host names, users and database names from the settings, to take out of messages."""
    names = set()
    for db in settings.DATABASES.values():
        names.update(str(db.get(key) or "") for key in ("HOST", "USER", "NAME", "PASSWORD"))
    urls = [getattr(settings, "CELERY_BROKER_URL", ""), *str(getattr(settings, "SEARCH_URL", "")).split(",")]
    for cache in settings.CACHES.values():
        location = cache.get("LOCATION") or ""
        urls.extend(location if isinstance(location, list | tuple) else [location])
    for url in urls:
        parts = urlsplit(str(url).strip())
        names.update(str(part or "") for part in (parts.hostname, parts.username, parts.password))
    names.update(str(getattr(settings, key, "") or "") for key in ("EMAIL_HOST", "EMAIL_HOST_USER",
                                                                  "EMAIL_HOST_PASSWORD"))
    return sorted((n for n in names if len(n) >= 3 and "/" not in n), key=len, reverse=True)


def scrub(message, limit=200):
    """A short message with hosts, addresses, ports, users and URLs replaced by ***."""
    text = " ".join(str(message).split())  # one line
    text = _URL.sub("***", text)
    text = _QUOTED.sub('"***"', text)
    text = _IPV4.sub("***", text)
    text = _HOST_PORT.sub("***", text)
    text = _PORT.sub("port ***", text)
    text = _KEYED.sub(lambda m: f"{m.group(1)}=***", text)
    for name in _known_names():
        text = re.sub(re.escape(name), "***", text, flags=re.I)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _check(fn):
    started = time.monotonic()
    try:
        state, detail = OK, fn() or "ok"
    except Degraded as exc:
        state, detail = DEGRADED, f"Degraded: {scrub(exc)}"
    except Exception as exc:  # noqa: BLE001  any failure is reported, never raised
        state, detail = DOWN, f"{type(exc).__name__}: {scrub(exc)}"
    return {"state": state, "detail": detail, "ms": round((time.monotonic() - started) * 1000, 1)}


# --- The parts -----------------------------------------------------------------------

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


def _with_deadline(fn, seconds, what):
    """fn() in a daemon thread, abandoned after `seconds`: a peer that accepts the
    connection but never answers must not hold the request."""
    outcome = {}

    def run():
        try:
            outcome["ok"] = fn()
        except Exception as exc:  # noqa: BLE001  handed back to the request thread
            outcome["error"] = exc

    worker = threading.Thread(target=run, name=f"healthz-{what}", daemon=True)
    worker.start()
    worker.join(seconds)
    if "error" in outcome:
        raise outcome["error"]
    if "ok" not in outcome:
        raise TimeoutError(f"the {what} gave no answer within {seconds:g}s")
    return outcome["ok"]


_remembered = {}  # (part, what was checked) -> (monotonic expiry, ("ok", detail) or the exception)
_remembered_lock = threading.Lock()


def _remember(part, key, fn):
    """fn()'s answer (or error), reused for BROKER_REMEMBER_SECONDS in this process."""
    with _remembered_lock:  # one probe at a time checks; the others wait and reuse its answer
        expires, outcome = _remembered.get((part, key), (0.0, None))
        if time.monotonic() >= expires:
            try:
                outcome = ("ok", fn())
            except Exception as exc:  # noqa: BLE001  remembered and raised below
                outcome = exc
            _remembered[(part, key)] = (time.monotonic() + BROKER_REMEMBER_SECONDS, outcome)
    if isinstance(outcome, Exception):
        raise outcome.with_traceback(None)
    return outcome[1]


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
        raise ConnectionError(f"cannot reach the broker ({conn.transport_cls}): {exc}") from exc
    finally:
        conn.release()


def _broker():
    if getattr(settings, "CELERY_TASK_ALWAYS_EAGER", False):
        return "eager (no broker needed)"
    url = getattr(settings, "CELERY_BROKER_URL", "")
    if not url:
        raise RuntimeError("CELERY_BROKER_URL is not set and tasks are not eager")

    def ping():
        _ping_broker(url)
        return "connected"

    return _remember("broker", url, lambda: _with_deadline(ping, BROKER_DEADLINE, "broker"))


def _ping_smtp(host, port, use_ssl, use_tls):
    if use_ssl:
        server = smtplib.SMTP_SSL(host, port, timeout=BROKER_TIMEOUT, context=ssl.create_default_context())
    else:
        server = smtplib.SMTP(host, port, timeout=BROKER_TIMEOUT)
    try:
        server.ehlo()
        if use_tls:
            server.starttls(context=ssl.create_default_context())
        code, _ = server.noop()
        if code != 250:
            raise ConnectionError(f"the mail server answered {code} to NOOP")
    finally:
        try:
            server.quit()
        except (smtplib.SMTPException, OSError):
            server.close()
    return "connected"


def _email():
    backend = getattr(settings, "EMAIL_BACKEND", "")
    if not backend.endswith("smtp.EmailBackend"):
        return f"{backend.rsplit('.', 2)[-2]} backend (no mail server)"
    host, port = settings.EMAIL_HOST, int(settings.EMAIL_PORT)
    use_ssl, use_tls = bool(settings.EMAIL_USE_SSL), bool(settings.EMAIL_USE_TLS)
    return _remember("email", (host, port, use_ssl, use_tls),
                     lambda: _with_deadline(lambda: _ping_smtp(host, port, use_ssl, use_tls), BROKER_DEADLINE,
                                            "mail server"))


def _search():
    """The search app's own verdict when it gives one (search.health.state()), else the engine's health."""
    try:
        search_health = importlib.import_module("search.health")
    except ModuleNotFoundError as exc:
        if exc.name != "search.health":
            raise
        search_health = None
    state = getattr(search_health, "state", None)
    if state is None:
        from search import engines

        return engines.health()
    verdict, reason = state()
    if verdict != OK:
        raise Degraded(reason or "the search engine is degraded")
    return reason or "ok"


def _parts():
    return {"database": _database, "cache": _cache, "broker": _broker, "search": _search, "email": _email}


# --- Who may see details ---------------------------------------------------------------

def _may_see_details(request):
    token = getattr(settings, "HEALTH_DETAILS_TOKEN", "")
    offered = request.META.get(TOKEN_HEADER, "")
    if token and offered and constant_time_compare(offered, token):
        return True
    try:
        user = getattr(request, "user", None)
        return bool(user is not None and user.is_authenticated and user.is_staff)
    except DatabaseError:  # the session or user can't be read while the database is down
        return False


# --- The views -----------------------------------------------------------------------

@require_safe
@never_cache
@transaction.non_atomic_requests  # no transaction, so nothing here opens a database connection
def live(request):
    return JsonResponse({"status": OK})


@require_safe
@never_cache
@transaction.non_atomic_requests  # ATOMIC_REQUESTS would turn a dead database into a 500
def ready(request):
    results = {name: _check(check) for name, check in _parts().items()}
    for name, result in results.items():
        if result["state"] == DOWN and name not in REQUIRED:
            result["state"] = DEGRADED  # the shop keeps selling without it
    states = {result["state"] for result in results.values()}
    status = DOWN if DOWN in states else DEGRADED if DEGRADED in states else OK
    details = _may_see_details(request)
    checks = {
        name: {"state": result["state"], "ok": result["state"] == OK,
               **({"detail": result["detail"], "ms": result["ms"]} if details else {})}
        for name, result in results.items()
    }
    return JsonResponse({"status": status, "checks": checks}, status=503 if status == DOWN else 200)


healthz = ready  # the original path, kept for probes and monitors that use it
