"""Real services for tests, and the one place the test tooling starts its own processes.

The shared daemons (PostgreSQL, Redis, OpenSearch) are started by scripts/start-services
(.ci/run calls it); tests only look for them. In CI (CI=true) a missing one fails the
test; on a developer machine without it the test is skipped with a message saying what
to start. The processes a test owns start here: a Celery worker, localstripe, an SMTP sink, a
private Redis.
"""
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest
import requests

ROOT = Path(__file__).resolve().parent.parent


def require(service, reachable, hint):
    if reachable:
        return
    message = f"{service} is not reachable: {hint}"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def redis_url(db=14):
    """A Redis database of the tests' own (CI exports REDIS_URL; .ci/run starts the server)."""
    base = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0").rsplit("/", 1)[0]
    url = f"{base}/{db}"
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
        ok = True
    except redis.RedisError:
        ok = False
    port = urlsplit(url).port or 6379
    require("Redis", ok, f"start it with `REDIS_PORT={port} scripts/start-services redis`")
    return url


def database_url(connection):
    """The URL of the database the test is using, for another process to open."""
    s = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{s['NAME']}"
    auth = f"{quote(s['USER'])}:{quote(s['PASSWORD'] or '')}@" if s["USER"] else ""
    return f"postgres://{auth}{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def stop(proc, timeout=20):
    """End a process the tests started: asked first, killed if it doesn't go within `timeout`."""
    proc.terminate()
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def celery_worker(broker_url, db_url, queue=None, **env_overrides):
    """Run a real Celery worker (solo pool) against the given broker and database.

    With `queue`, the worker consumes only that queue, so test runs sharing one Redis
    (several developers, or several suites) can't take each other's tasks.
    """
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test", "CELERY_BROKER_URL": broker_url,
           "CELERY_TASK_ALWAYS_EAGER": "false", "DATABASE_URL": db_url, **env_overrides}
    log_path = ROOT / "var" / f"celery-worker-{os.getpid()}-{time.monotonic_ns()}.log"
    log = open(log_path, "w")  # noqa: SIM115  closed below
    proc = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "config.celery_app", "worker", "--pool=solo", "-l", "info",
         "--without-gossip", "--without-mingle", "--without-heartbeat", "-n", f"{log_path.stem}@%h",
         *(["-Q", queue] if queue else [])],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 60
        while "ready." not in log_path.read_text():
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("Celery worker did not start:\n" + log_path.read_text())
            time.sleep(0.2)
        yield proc
    finally:
        stop(proc)
        log.close()


@contextmanager
def localstripe(runner, log_path, secret_key):
    """localstripe (started by the `runner` script) on a free loopback port; yields its base URL."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with open(log_path, "wb") as log:
        proc = subprocess.Popen([sys.executable, str(runner), str(port)], stdout=log, stderr=subprocess.STDOUT)
        try:
            wait_for(lambda: _stripe_answers(base, proc, secret_key, log_path), timeout=20, interval=0.1)
            yield base
        finally:
            stop(proc)


def _stripe_answers(base, proc, secret_key, log_path):
    if proc.poll() is not None:
        raise RuntimeError(f"localstripe exited with {proc.returncode}; see {log_path}")
    try:
        return requests.get(f"{base}/v1/balance", headers={"Authorization": f"Bearer {secret_key}"}, timeout=1).ok
    except requests.ConnectionError:
        return False


@contextmanager
def private_redis():
    """A redis-server of the test's own on a free port, for tests that cut, fill or restart it
    (the shared one stays untouched); yields the port."""
    import redis

    if not shutil.which("redis-server"):
        require("redis-server", False, "install Debian's redis-server (`scripts/start-services redis` does)")
    port = free_port()
    workdir = tempfile.mkdtemp(prefix="redis-private-")
    proc = subprocess.Popen(["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                             "--appendonly", "no", "--daemonize", "no", "--dir", workdir],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def pings():
        try:
            return redis.Redis(port=port, socket_timeout=0.5).ping()
        except redis.RedisError:
            return False

    try:
        wait_for(pings, timeout=10, interval=0.05)
        yield port
    finally:
        stop(proc)
        shutil.rmtree(workdir, ignore_errors=True)


@contextmanager
def smtp_sink(handler):
    """An SMTP server on a free loopback port handing each message to `handler`; yields its URL."""
    from aiosmtpd.controller import Controller

    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield f"smtp://127.0.0.1:{controller.port}"
    finally:
        controller.stop()


def wait_for(predicate, timeout=30, interval=0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = predicate()
        if result:
            return result
        time.sleep(interval)
    raise AssertionError(f"condition not met within {timeout}s")
