"""While the database is unreachable (restarting, failing over), shoppers get a short
"try again" page (503 with Retry-After), not a server error.

A database error can surface in the view, in its template, or in a middleware below
this one (the session, the signed-in user, the basket). Django turns an exception in a
middleware into a 500 response at that layer, so two paths lead here:

- `process_exception` answers the 503 itself for an error raised by the view;
- a `got_request_exception` receiver marks the request when Django is about to answer a
  database error with a 500 anywhere below, and `__call__` replaces that answer.

The page is rendered from templates/db_outage.html without a request, so no context
processor runs and nothing on it needs the database.

Recovery needs no restart. Django drops a connection that raised at the end of the
request, and with CONN_HEALTH_CHECKS (settings) it tests a persistent connection once per
request before using it, when ATOMIC_REQUESTS turns autocommit off for the view's
transaction or at its first query, whichever comes first, so a connection the restart
killed while idle is replaced instead of failing the next visitor's request.

Operators see one warning when the outage starts (the exception class only: driver
messages name hosts, ports and users), a reminder each minute with the number of
requests answered "try again", and one line when the database answers again. Django's
own "Internal Server Error" lines, with their tracebacks, are left out for these requests.
"""
import logging
import sys
import threading
import time

from django.core.signals import got_request_exception
from django.db import DatabaseError, InterfaceError, OperationalError, connection, connections
from django.dispatch import receiver
from django.http import HttpResponse
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 5
REMINDER_SECONDS = 60.0
MARK = "_database_unavailable"  # request attribute: the class name of the error seen

FALLBACK_PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Back in a moment</title><meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body style="font-family: system-ui, sans-serif; background: #fbf8f3; color: #1f2421; padding: 2rem 1rem;">
<main style="max-width: 40rem; margin: 0 auto;"><h1>We'll be right back</h1>
<p>The shop is catching its breath. Please try again in a few seconds; your basket is kept.</p>
<p><a href="" style="color: #2f5d50;">Try again</a></p></main></body></html>"""


def _driver_errors():
    classes = [OperationalError, InterfaceError]
    try:
        import psycopg

        classes += [psycopg.OperationalError, psycopg.InterfaceError]
    except ImportError:  # pragma: no cover  SQLite-only installs
        pass
    return tuple(classes)


OUTAGE_ERRORS = _driver_errors()


def _lost_in_transaction():
    return any(conn.closed_in_transaction for conn in connections.all(initialized_only=True))


def outage_error(exc, depth=4):
    """The database error behind `exc` (itself, or what it was raised from), or None.

    Besides the driver's connection errors, any database error raised after a connection
    was lost inside a transaction counts ("Cannot open a new connection in an atomic
    block"); an integrity or data error on a working connection is a bug, not an outage.
    """
    while exc is not None and depth:
        if isinstance(exc, OUTAGE_ERRORS):
            return exc
        if isinstance(exc, DatabaseError):
            return exc if _lost_in_transaction() else None
        exc, depth = exc.__cause__ or exc.__context__, depth - 1
    return None


def outage_response():
    try:
        page = render_to_string("db_outage.html")
    except Exception:  # noqa: BLE001  this page must always be there
        page = FALLBACK_PAGE
    response = HttpResponse(page, status=503)
    response.database_outage = True
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class _Outage:
    """This process's view of the outage, for logging: when it started, what it cost."""

    def __init__(self):
        self.lock = threading.Lock()
        self.started = None  # monotonic time of the first failure
        self.last_said = 0.0
        self.answered = 0  # requests answered "try again" since it started

    def failed(self, error_name, path):
        now = time.monotonic()
        with self.lock:
            if self.started is None:
                self.started, self.last_said, self.answered = now, now, 1
                logger.warning("The database is unavailable (%s at %s); answering 503 'try again' until it is back",
                               error_name, path)
                return
            self.answered += 1
            if now - self.last_said >= REMINDER_SECONDS:
                self.last_said = now
                logger.warning("The database is still unavailable (%s) after %.0fs; %d requests answered 503 so far",
                               error_name, now - self.started, self.answered)

    def answered_normally(self):
        if self.started is None:  # the usual case: no lock taken
            return
        with self.lock:
            if self.started is None:
                return
            lasted, answered, self.started = time.monotonic() - self.started, self.answered, None
        logger.warning("The database answers again after %.1fs; %d requests were answered 503", lasted, answered)


outage = _Outage()


class _LeaveOutOutageRequests(logging.Filter):
    """Drops django.request's lines for requests this middleware answered (it logs them itself)."""

    def filter(self, record):
        return not getattr(getattr(record, "request", None), MARK, None)


@receiver(got_request_exception, dispatch_uid="config.db_outage.mark")
def _mark_outage(sender, request=None, **kwargs):
    error = outage_error(sys.exc_info()[1])
    if error is not None and request is not None:
        setattr(request, MARK, type(error).__name__)


class DatabaseOutageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        request_logger = logging.getLogger("django.request")
        if not any(isinstance(f, _LeaveOutOutageRequests) for f in request_logger.filters):
            request_logger.addFilter(_LeaveOutOutageRequests())

    def __call__(self, request):
        response = self.get_response(request)
        error_name = getattr(request, MARK, None)
        if error_name:
            outage.failed(error_name, request.path)
            return response if getattr(response, "database_outage", False) else outage_response()
        if connection.connection is not None and connection.health_check_done and not connection.errors_occurred:
            outage.answered_normally()  # this request used a working connection
        return response

    def process_exception(self, request, exception):
        error = outage_error(exception)
        if error is None:
            return None
        setattr(request, MARK, type(error).__name__)
        return outage_response()
