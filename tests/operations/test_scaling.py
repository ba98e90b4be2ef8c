"""Running on more than one machine (docs/scaling.md): the compose stack scales behind its
proxy, its workers consume every queue the tasks are routed to, and a report build reads
the shop's history from the read replica while its own bookkeeping stays on the primary."""
import datetime as dt
import json
import re
import shutil
import subprocess
import sys

import pytest
from django.conf import settings
from django.db import connection

from reports.models import ReportRun
from reports.periods import shop_today
from tests import services
from tests.factories import local_noon, make_product, record_order

from .compose import consumed_queues, services_from_docker_compose, services_from_file
from .production import ROOT, production_env

NGINX_CONF = ROOT / "deploy" / "nginx" / "default.conf"
APP_SERVICES = ("web", "worker", "worker-reports", "beat")


@pytest.fixture(params=["file", "docker compose config"])
def compose_services(request):
    return services_from_file() if request.param == "file" else services_from_docker_compose()


# --- The compose stack ----------------------------------------------------------------

def test_the_proxy_is_the_way_in_and_the_app_services_can_be_scaled(compose_services):
    proxy = compose_services["proxy"]

    assert "nginx:" in proxy["image"]
    assert re.search(r'8000}?:80"|"target": 80\b', proxy["ports"])  # the site's port, on nginx
    assert "deploy/nginx/default.conf" in proxy["volumes"] and "/etc/nginx/conf.d/default.conf" in proxy["volumes"]
    assert "web" in proxy["depends_on"]
    # `docker compose up --scale web=3 --scale worker=2` needs replicas that don't fight over
    # a host port or a fixed container name.
    for name in APP_SERVICES:
        assert "ports" not in compose_services[name], f"{name} publishes a host port"
        assert "container_name" not in compose_services[name], f"{name} has a fixed container name"
    assert "8000" in compose_services["web"]["expose"]


def test_the_web_replicas_know_they_are_behind_one_proxy(compose_services):
    web = compose_services["web"]

    # Rate limits and lockouts key on the client's address, not the proxy's.
    assert re.search(r"TRUSTED_PROXY_COUNT\W+1", web["environment"])
    assert "REDIS_URL" in web["environment"]  # cache and sessions every replica shares


def test_the_compose_workers_consume_every_queue_tasks_are_routed_to(compose_services):
    workers = {name: service for name, service in compose_services.items()
               if re.search(r"celery\W+.*\bworker\b", service.get("command", ""))}
    routed = {route["queue"] for route in settings.CELERY_QUEUE_ROUTES.values()}

    assert set().union(*(consumed_queues(s) for s in workers.values())) == routed | {settings.CELERY_TASK_DEFAULT_QUEUE}
    # Reports run on their own worker, so a long build never holds up an email.
    assert consumed_queues(workers["worker-reports"]) == {"reports"}
    assert "reports" not in consumed_queues(workers["worker"])


def test_the_proxy_balances_over_the_web_replicas_found_by_docker_dns():
    conf = NGINX_CONF.read_text()
    proxy = services_from_file()["proxy"]

    assert re.search(r"^resolver 127\.0\.0\.11 valid=\d+s", conf, re.M)  # Docker's DNS, asked again as replicas change
    assert "set $web http://web:8000;" in conf and "proxy_pass $web;" in conf
    media_root = re.search(r"location /media/ \{\s*alias (\S+);", conf).group(1)
    assert f"media:{media_root.rstrip('/')}:ro" in proxy["volumes"]  # the volume every web replica writes to


def test_the_proxy_config_is_valid_nginx(tmp_path):
    nginx = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin")
    if not nginx:
        pytest.skip("nginx is not installed (apt-get install nginx) to check the proxy's config")
    (tmp_path / "logs").mkdir()
    harness = tmp_path / "nginx.conf"
    harness.write_text(f"pid {tmp_path}/nginx.pid; error_log {tmp_path}/logs/error.log;\nevents {{}}\n"
                       f"http {{ access_log off; include {NGINX_CONF}; }}\n")

    result = subprocess.run([nginx, "-t", "-c", str(harness), "-p", str(tmp_path)], capture_output=True, text=True,
                            timeout=30)

    assert result.returncode == 0, result.stderr
    assert "syntax is ok" in result.stderr


# --- Reports on the read replica --------------------------------------------------------

TRACE_BUILD = """
import json
from django.db import connections
from reports.tasks import build_report

seen = {"default": [], "reports_replica": []}

def tracer(alias):
    def trace(execute, sql, params, many, context):
        seen[alias].append(sql)
        return execute(sql, params, many, context)
    return trace

with connections["default"].execute_wrapper(tracer("default")), \\
        connections["reports_replica"].execute_wrapper(tracer("reports_replica")):
    status = build_report.delay(RUN_ID).get()
print(json.dumps({"status": status, **seen}))
"""


def writes(statements):
    return [sql for sql in statements if sql.lstrip().split(" ", 1)[0].upper() in ("INSERT", "UPDATE", "DELETE")]


# Another process must see this test's rows, so they are committed and the database is
# flushed afterwards; on SQLite that would also empty the shared --reuse-db test file (and two
# processes lock one SQLite file), so like the real-worker tests this runs on PostgreSQL (CI).
@pytest.mark.skipif(settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
                    reason="needs PostgreSQL (set DATABASE_URL; .ci/run does)")
@pytest.mark.django_db(transaction=True)
def test_a_report_build_reads_orders_from_the_replica_and_keeps_its_run_on_the_primary(category, tmp_path):
    # Given an order committed yesterday and a queued sales report (committed: another process reads them)
    jam = make_product("Damson jam", "6.50", stock=30, category=category)
    yesterday = shop_today() - dt.timedelta(days=1)
    record_order("R1", local_noon(yesterday), [(jam, 4, "26.00")], guest="guest@example.com", shipping="4.00")
    run = ReportRun.objects.create(kind="sales", date_from=yesterday, date_to=yesterday)
    database = services.database_url(connection)

    # When a worker process with a replica configured builds it (here the replica is the same
    # database, as a streaming replica holds the same rows)
    env = production_env(tmp_path, DJANGO_SETTINGS_MODULE="config.settings.test", DATABASE_URL=database,
                         REPORTS_DATABASE_URL=database, CELERY_TASK_ALWAYS_EAGER="true", CACHE_URL=None,
                         REDIS_URL=None, PAGE_CACHE_SECONDS=None)
    result = subprocess.run([sys.executable, "manage.py", "shell", "-c", TRACE_BUILD.replace("RUN_ID", str(run.pk))],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout.strip().splitlines()[-1])

    # Then the orders, lines and payments were read on the replica, and nothing was written there
    assert seen["status"] == "done"
    replica = " ".join(seen["reports_replica"])
    assert all(table in replica for table in ('"order_order"', '"order_line"', '"payment_source"'))
    assert writes(seen["reports_replica"]) == []
    # and the run itself was claimed, read and finished on the primary, which read no orders
    primary = seen["default"]
    assert any('"reports_reportrun"' in sql for sql in writes(primary))
    assert not any('"order_line"' in sql or 'FROM "order_order"' in sql for sql in primary)
    run.refresh_from_db()
    assert run.status == ReportRun.Status.DONE
    revenue = next(f for f in run.result["figures"] if f["key"] == "revenue")
    assert revenue["value"] == "30.00"
