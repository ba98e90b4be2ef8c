"""The mail server hangs or refuses: email is delayed or failed visibly, never lost, never blocking.

Given a real SMTP server (aiosmtpd) behind a fault proxy, when it hangs, refuses a
recipient for good (550), refuses a message with another 5xx, or says "try again later"
(4xx), then a delivery attempt costs at most EMAIL_TIMEOUT, holds no row lock while it
waits, a permanent refusal is failed for good (on the staff page) and not retried, a
temporary one is retried until it goes, an email whose worker died mid-send goes once its
claim lapses, and every email is delivered once. With real Celery workers laid out as
docker-compose.yml lays them out, a hung send doesn't hold up order cancellation.
"""
import email
import threading
import time
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from decimal import Decimal
from email.policy import default as default_policy
from urllib.parse import urlsplit

import pytest
import redis
from django.db import OperationalError, connection, transaction
from django.db.models import F
from django.utils import timezone
from oscar.core.loading import get_model

from commerce.payments.models import Payment
from config.celery_app import app as celery_app
from outbox import delivery
from outbox.models import OutgoingEmail
from outbox.outbox import queue_email
from outbox.tasks import deliver_email, drain_outbox

from .. import services
from ..emails.workers import use_broker
from ..factories import place_order
from ..operations.compose import consumed_queues, services_from_file
from . import report
from .faultproxy import FaultProxy

Order = get_model("order", "Order")

pytestmark = pytest.mark.django_db(transaction=True)

TIMEOUT = 1.0  # EMAIL_TIMEOUT in these tests: a fault lasts seconds
BACKOFF = 0.2  # OUTBOX_RETRY_BASE_SECONDS


class Sink:
    """An SMTP server that answers RCPT or DATA for an address with scripted replies, then accepts.

    `script[("RCPT" | "DATA", address)]` is a list of replies used up one per attempt.
    """

    def __init__(self):
        self.received = []
        self.script = {}
        self.tries = Counter()

    def _scripted(self, stage, address):
        self.tries[(stage, address)] += 1
        replies = self.script.get((stage, address))
        return replies.pop(0) if replies else None

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        reply = self._scripted("RCPT", address)
        if reply:
            return reply
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        reply = self._scripted("DATA", envelope.rcpt_tos[0])
        if reply:
            return reply
        self.received.append(email.message_from_bytes(envelope.content, policy=default_policy))
        return "250 OK"

    def delivered_to(self, address):
        return sum(1 for message in self.received if message["To"] == address)


@pytest.fixture
def sink():
    handler = Sink()
    with services.smtp_sink(handler) as url:
        yield handler, urlsplit(url).port


@pytest.fixture
def proxy(sink):
    line = FaultProxy("127.0.0.1", sink[1])
    yield line
    line.stop()


@pytest.fixture
def configured_timeout(settings):
    """EMAIL_TIMEOUT as the project configures it, before the tests shorten it."""
    return settings.EMAIL_TIMEOUT


@pytest.fixture
def smtp(configured_timeout, settings, sink, proxy):
    """Django sends through the proxy to the sink; deliveries run in this process (eager)."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", proxy.port
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = TIMEOUT
    settings.OUTBOX_RETRY_BASE_SECONDS = BACKOFF
    settings.OUTBOX_STUCK_AFTER_SECONDS = 0
    settings.OUTBOX_SEND_LEASE_SECONDS = 6 * TIMEOUT
    return sink[0]


def stored_email(to, subject="Your order has shipped"):
    """An email in the outbox that no worker has tried yet (as if its enqueue were pending)."""
    return OutgoingEmail.objects.create(to=to, subject=subject, body_text="Tracking: 1Z999", kind="ORDER_SHIPPED",
                                        key=f"test:{uuid.uuid4()}")


def drain_until_settled(rounds=10):
    """Run the outbox drain (as beat does) until nothing waits, each time after the backoff."""
    for _ in range(rounds):
        if not OutgoingEmail.objects.filter(status__in=["queued", "retrying", "sending"]).exists():
            return
        time.sleep(BACKOFF + 0.1)  # eager attempts are all first tries: the backoff is its base
        drain_outbox()


def proxied_connections(proxy):
    return len(proxy._open) // 2  # each proxied connection holds a client and an upstream socket


def mail_server_connected(proxy, before):
    return proxied_connections(proxy) > before


# --- SMTP hangs ---------------------------------------------------------------------------

def test_a_hung_mail_server_costs_one_timeout_and_the_email_waits_then_goes_once(smtp, proxy, configured_timeout):
    assert configured_timeout and 0 < configured_timeout <= 30, "EMAIL_TIMEOUT must bound every SMTP step"
    proxy.hang()

    started = time.monotonic()
    queued = queue_email(to="ada@example.com", subject="Your order has shipped", body="Tracking: 1Z999",
                         key="shipped:hang")  # committed, so its delivery is attempted now
    took = time.monotonic() - started

    row = OutgoingEmail.objects.get(pk=queued.pk)
    assert took < TIMEOUT + 1.5, f"the attempt took {took:.1f}s"
    assert row.status == "retrying" and row.claimed_until is None
    assert "timed out" in row.last_error
    assert smtp.received == []

    proxy.heal()
    drain_until_settled()
    drain_outbox()  # once more: nothing is due, nothing is sent again

    row.refresh_from_db()
    assert row.status == "sent" and row.attempts == 2
    assert smtp.delivered_to("ada@example.com") == 1
    report.record("SMTP hangs", ["retrying", "sent"], {"emails": 1 - len(smtp.received)},
                  f"1 queued, {len(smtp.received)} delivered; the hung attempt returned in {took:.1f}s "
                  f"(EMAIL_TIMEOUT {TIMEOUT}s in the test, {configured_timeout}s configured)")


def test_no_row_lock_is_held_while_the_mail_server_hangs(smtp, proxy):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite has no row locks to prove absent (set DATABASE_URL=postgres://…)")
    hung, other = stored_email("ada@example.com"), stored_email("bo@example.com")
    proxy.hang()
    outcome = []

    def attempt():
        try:
            outcome.append(deliver_email.apply(args=[hung.pk]).get())
        finally:
            connection.close()

    sender = threading.Thread(target=attempt)
    sender.start()
    services.wait_for(lambda: mail_server_connected(proxy, 0), timeout=TIMEOUT, interval=0.02)

    # Another transaction locks and updates the row being sent, and another email, without waiting.
    started = time.monotonic()
    try:
        with transaction.atomic():
            seen = OutgoingEmail.objects.select_for_update(nowait=True).get(pk=hung.pk)
            OutgoingEmail.objects.filter(pk__in=[hung.pk, other.pk]).update(kind=F("kind"))
    except OperationalError as exc:
        pytest.fail(f"the outbox row stays locked while the mail server hangs: {exc}")
    waited = time.monotonic() - started
    still_sending = sender.is_alive()
    sender.join(TIMEOUT + 3)

    assert still_sending, "the send had finished before the lock was tried"
    assert seen.status == "sending" and seen.claimed_until is not None  # the claim was committed first
    assert waited < 0.5
    assert outcome == ["retrying"]

    proxy.heal()
    drain_until_settled()
    assert smtp.delivered_to("ada@example.com") == 1 and smtp.delivered_to("bo@example.com") == 1
    report.record("SMTP hangs", Counter(OutgoingEmail.objects.values_list("status", flat=True)),
                  {"emails": 2 - len(smtp.received)},
                  f"row locked and updated in {waited * 1000:.0f} ms while its send hung; 2 queued, "
                  f"{len(smtp.received)} delivered once each")


def test_an_email_whose_worker_died_mid_send_goes_once_its_claim_lapses(smtp, settings):
    settings.OUTBOX_SEND_LEASE_SECONDS = 0.5
    row = stored_email("ada@example.com")
    assert delivery.claim(row.pk) is not None  # a worker takes it, then is killed before it records anything

    assert deliver_email.apply(args=[row.pk]).get() == "skipped"  # nobody else sends it while the claim runs
    assert drain_outbox() == 0
    time.sleep(0.6)
    assert drain_outbox() == 1  # the claim lapsed: due again

    row.refresh_from_db()
    assert row.status == "sent" and row.attempts == 2
    assert smtp.delivered_to("ada@example.com") == 1
    report.record("Email worker killed mid-send", ["skipped", "sent"], {"emails": 1 - len(smtp.received)},
                  "1 queued, claimed by a worker that died; sent once by the drain after its claim lapsed")


# --- SMTP refuses -------------------------------------------------------------------------

def test_no_such_user_fails_that_email_for_good_at_once_and_the_others_still_go(smtp, django_app, merchandiser):
    smtp.script[("RCPT", "nobody@example.com")] = ["550 5.1.1 no such user"] * 5
    for to in ("ada@example.com", "nobody@example.com", "bo@example.com"):
        queue_email(to=to, subject=f"Order update for {to}", body="Your order has shipped.", key=f"shipped:{to}")

    refused = OutgoingEmail.objects.get(to="nobody@example.com")
    assert refused.status == "dead" and refused.attempts == 1 and refused.refusals == 1
    assert "550" in refused.last_error and "no such user" in refused.last_error
    assert drain_outbox() == 0  # not due again
    assert deliver_email.apply(args=[refused.pk]).get() == "skipped"  # nor sent by a stray redelivery
    assert smtp.tries[("RCPT", "nobody@example.com")] == 1
    assert smtp.delivered_to("ada@example.com") == smtp.delivered_to("bo@example.com") == 1
    assert set(OutgoingEmail.objects.exclude(pk=refused.pk).values_list("status", flat=True)) == {"sent"}

    django_app.set_user(merchandiser)
    page = django_app.get("/shop/dashboard/outbox/")
    rows = page.html.select("#undelivered-emails tbody tr")
    assert [r.select("td")[1].text for r in rows] == ["nobody@example.com"]
    assert "Failed for good" in rows[0].text and "550 5.1.1 no such user" in rows[0].text
    report.record("SMTP refuses (550 no such user)", Counter(OutgoingEmail.objects.values_list("status", flat=True)),
                  {"emails": 0}, f"3 queued, {len(smtp.received)} delivered, 1 failed for good after 1 try "
                  "and listed for staff; the refused address was asked once")


def test_another_permanent_refusal_is_final_on_the_second_try(smtp):
    smtp.script[("DATA", "ada@example.com")] = ["554 5.7.1 message rejected"] * 5
    queue_email(to="ada@example.com", subject="Your receipt", body="Thanks", key="receipt:554")
    assert OutgoingEmail.objects.get().status == "retrying"  # one 554 might be a passing policy

    drain_until_settled()
    row = OutgoingEmail.objects.get()
    assert row.status == "dead" and row.attempts == 2
    assert "554" in row.last_error and "not retried" in row.last_error and row.refusals == 2
    assert drain_outbox() == 0
    assert smtp.tries[("DATA", "ada@example.com")] == 2 and smtp.received == []
    report.record("SMTP refuses (554 at DATA)", ["retrying", "dead"], {"emails": 0},
                  "1 queued, 0 delivered, failed for good on the 2nd refusal with the error kept for staff")


def test_try_again_later_is_retried_until_the_server_takes_it(smtp):
    smtp.script[("RCPT", "ada@example.com")] = ["450 4.2.1 mailbox busy"]
    smtp.script[("DATA", "ada@example.com")] = ["451 4.3.0 try again later"]
    queue_email(to="ada@example.com", subject="Your order has shipped", body="Tracking: 1Z999", key="shipped:451")
    assert OutgoingEmail.objects.get().status == "retrying"

    drain_until_settled()
    drain_outbox()

    row = OutgoingEmail.objects.get()
    assert row.status == "sent" and row.attempts == 3 and row.refusals == 0
    assert smtp.delivered_to("ada@example.com") == 1
    report.record("SMTP refuses (4xx, temporary)", ["retrying", "retrying", "sent"],
                  {"emails": 1 - len(smtp.received)}, f"1 queued, {len(smtp.received)} delivered after 450 and 451")


# --- A hung send and the other queues, on real workers -------------------------------------

def compose_worker_queues():
    """{worker service: queues it consumes} from docker-compose.yml, for the queues in this test."""
    workers = {name: consumed_queues(service) & {"celery", "emails"} for name, service in services_from_file().items()
               if "worker" in service.get("command", "")}
    return {name: queues for name, queues in workers.items() if queues}


@pytest.fixture
def private_broker():
    url = services.redis_url(db=11)
    conf = celery_app.conf
    saved = conf.broker_url, conf.task_always_eager, conf.task_default_queue, conf.task_routes
    prefix = f"test-smtp-faults-{uuid.uuid4().hex[:8]}"
    use_broker(url, queue=f"{prefix}-celery")
    route({"outbox.tasks.*": {"queue": f"{prefix}-emails"}})
    yield url, prefix
    use_broker(*saved[:3])
    route(saved[3])


def route(routes):
    # Celery builds its router once, from the routes of the first task sent: build it anew.
    celery_app.conf.task_routes = routes
    celery_app.amqp.flush_routes()
    celery_app.amqp.__dict__.pop("router", None)


def test_a_hung_send_does_not_hold_up_order_cancellation(private_broker, proxy, sink):
    if connection.vendor != "postgresql":
        pytest.skip("real-worker tests need PostgreSQL: two processes lock one SQLite file (set DATABASE_URL)")
    broker, prefix = private_broker
    timeout = 5.0  # each worker's EMAIL_TIMEOUT
    order = place_order(guest_email="grace@example.com")
    Order.objects.filter(pk=order.pk).update(date_placed=timezone.now() - timedelta(hours=3))
    Payment.objects.create(order_number=order.number, idempotency_key=f"test-{uuid.uuid4()}",
                           amount=Decimal("6.50"), currency="GBP", status=Payment.Status.FAILED)

    # One worker process per compose worker service that takes these queues.
    layout = compose_worker_queues()
    workers = [services.celery_worker(broker, services.database_url(connection),
                                      queue=",".join(sorted(f"{prefix}-{q}" for q in queues)),
                                      EMAIL_URL=f"smtp://127.0.0.1:{proxy.port}", EMAIL_TIMEOUT=str(timeout),
                                      OUTBOX_RETRY_BASE_SECONDS=str(BACKOFF))
               for queues in layout.values()]
    with ThreadPoolExecutor(len(workers)) as pool:  # start them side by side: each takes seconds
        starts = [pool.submit(worker.__enter__) for worker in workers]
    started = [worker for worker, start in zip(workers, starts, strict=True) if start.exception() is None]
    try:
        for start in starts:
            start.result()
        proxy.hang()
        hung = queue_email(to="ada@example.com", subject="Your order has shipped", body="Tracking: 1Z999",
                           key="shipped:worker-hang")
        services.wait_for(lambda: mail_server_connected(proxy, 0), timeout=15, interval=0.05)
        hung_at = time.monotonic()

        celery_app.send_task("commerce.payments.tasks.cancel_abandoned_orders")
        cancelled = services.wait_for(lambda: Order.objects.filter(pk=order.pk, status="Cancelled").exists(),
                                      timeout=timeout - 1, interval=0.1)
        took = time.monotonic() - hung_at
        email_still_waiting = OutgoingEmail.objects.get(pk=hung.pk).status != "sent"

        proxy.heal()
        services.wait_for(lambda: OutgoingEmail.objects.filter(pk=hung.pk, status="sent").exists(), timeout=30)
        time.sleep(BACKOFF * 2)
    finally:
        for worker in started:
            worker.__exit__(None, None, None)
        # The cancellation's own email went to the workers' default queue, which nobody here
        # consumes: leave nothing behind in this test's Redis database.
        redis.Redis.from_url(broker).delete("celery")

    assert cancelled and email_still_waiting
    assert sink[0].delivered_to("ada@example.com") == 1
    report.record("SMTP hangs", ["order cancelled", "email sent"], {"emails": 0, "orders": 0},
                  f"workers {sorted(layout)}: the cancellation finished {took:.1f}s into a hung send "
                  f"(EMAIL_TIMEOUT {timeout}s); the email went once after the server came back")
