"""Real services for tests: Redis, a Celery worker process and an SMTP sink.

In CI (CI=true) a missing service fails the test; on a developer machine without it the
test is skipped with a message saying what to start.
"""
import os
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

import pytest

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
    require("Redis", ok, "start it with `redis-server --daemonize yes` or run .ci/run")
    return url


def database_url(connection):
    """The URL of the database the test is using, for another process to open."""
    s = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{s['NAME']}"
    auth = f"{quote(s['USER'])}:{quote(s['PASSWORD'] or '')}@" if s["USER"] else ""
    return f"postgres://{auth}{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


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
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


def wait_for(predicate, timeout=30, interval=0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = predicate()
        if result:
            return result
        time.sleep(interval)
    raise AssertionError(f"condition not met within {timeout}s")
