"""Environment variables switch integrations on; the embedded defaults need none of them."""
import json

import pytest

from .production import manage, production_env

PROBE = (
    "from django.conf import settings as s; import json; "
    "print(json.dumps({'storage': s.STORAGES['default']['BACKEND'], 'demo': s.DEMO_PAYMENTS, "
    "'eager': s.CELERY_TASK_ALWAYS_EAGER, 'db': s.DATABASES['default']['ENGINE'], "
    "'cache': s.CACHES['default']['BACKEND'], 'email': s.EMAIL_BACKEND}))"
)


def probe(env):
    result = manage(env, "shell", "-c", PROBE)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def dev_env(tmp_path, **overrides):
    env = production_env(tmp_path, DJANGO_SETTINGS_MODULE="config.settings.dev", SECRET_KEY=None,
                         ALLOWED_HOSTS=None, DATABASE_URL=None, STRIPE_SECRET_KEY=None,
                         STRIPE_PUBLISHABLE_KEY=None, STRIPE_WEBHOOK_SECRET=None)
    env.update({k: v for k, v in overrides.items() if v is not None})
    return env


def test_embedded_defaults(tmp_path):
    got = probe(dev_env(tmp_path))
    assert got == {
        "storage": "django.core.files.storage.FileSystemStorage", "demo": True, "eager": True,
        "db": "django.db.backends.sqlite3", "cache": "django.core.cache.backends.locmem.LocMemCache",
        "email": "django.core.mail.backends.console.EmailBackend",
    }


def test_bucket_variable_moves_media_to_s3(tmp_path):
    got = probe(dev_env(tmp_path, AWS_STORAGE_BUCKET_NAME="larder-media"))
    assert got["storage"] == "storages.backends.s3.S3Storage"


def test_broker_turns_off_eager_celery(tmp_path):
    assert probe(dev_env(tmp_path, CELERY_BROKER_URL="redis://127.0.0.1:6379/9"))["eager"] is False


@pytest.mark.parametrize("env_kind, stripe_key, expected", [
    ("dev", "", True), ("dev", "sk_test_123", False), ("production", "", False),
])
def test_demo_payments_only_in_debug_without_stripe(tmp_path, env_kind, stripe_key, expected):
    env = dev_env(tmp_path) if env_kind == "dev" else production_env(tmp_path)
    env["STRIPE_SECRET_KEY"] = stripe_key
    assert probe(env)["demo"] is expected


# --- More than one machine (docs/scaling.md) -----------------------------------------

SCALING_VARIABLES = ("SESSION_STORE", "REPORTS_DATABASE_URL", "CELERY_SEPARATE_QUEUES", "SEARCH_REPLICAS",
                     "PAGE_CACHE_SECONDS")

SCALING_PROBE = """
import json
from django.conf import settings as s
from django.db import router
from oscar.core.loading import get_model
from config.celery_app import app
from reports.models import ReportRun
from search.backends.clients import nodes

Order = get_model("order", "Order")
tasks = ["outbox.tasks.deliver_email", "outbox.tasks.drain_outbox", "newsletter.tasks.send_newsletter_batch",
         "reports.tasks.build_report", "reports.tasks.send_scheduled_reports", "search.tasks.update_products",
         "content.publish_scheduled", "commerce.payments.tasks.cancel_abandoned_orders"]
print(json.dumps({
    "session": s.SESSION_ENGINE, "cache": s.CACHES["default"]["BACKEND"],
    "routes": {t: app.amqp.router.route({}, t)["queue"].name for t in tasks},
    "worker_queues": sorted(app.amqp.queues),
    "databases": {alias: {"host": c.get("HOST"), "mirror": c.get("TEST", {}).get("MIRROR")}
                  for alias, c in s.DATABASES.items()},
    "routers": s.DATABASE_ROUTERS,
    "reads_outside_tasks": [router.db_for_read(Order), router.db_for_read(ReportRun)],
    "migrate_replica": router.allow_migrate("reports_replica", "order"),
    "search_hosts": nodes(s.SEARCH_URL), "search_replicas": s.SEARCH_REPLICAS,
}))
"""


def scaling_probe(env):
    result = manage(env, "shell", "-c", SCALING_PROBE)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def scaled_env(tmp_path, **overrides):
    """Production settings with none of the scaling variables leaking in from the caller."""
    return production_env(tmp_path, **{**{name: None for name in SCALING_VARIABLES}, **overrides})


@pytest.mark.parametrize("session_store", [None, ""], ids=["unset", "empty"])
def test_production_keeps_sessions_and_cache_in_redis_when_redis_is_set(tmp_path, session_store):
    got = scaling_probe(scaled_env(tmp_path, REDIS_URL="redis://redis.internal:6379/0", SESSION_STORE=session_store))

    assert got["cache"] == "config.cache.DegradingRedisCache"  # Django's RedisCache, empty while Redis is away
    # Read from Redis, written through to the database: an evicting Redis signs nobody out.
    assert got["session"] == "django.contrib.sessions.backends.cached_db"


def test_session_store_variable_can_keep_sessions_in_the_database_only(tmp_path):
    got = scaling_probe(scaled_env(tmp_path, REDIS_URL="redis://redis.internal:6379/0", SESSION_STORE="db"))

    assert got["session"] == "django.contrib.sessions.backends.db"


def test_redis_only_sessions_are_refused_for_they_would_sign_everybody_out_with_redis(tmp_path):
    result = manage(scaled_env(tmp_path, REDIS_URL="redis://redis.internal:6379/0", SESSION_STORE="cache"), "check")

    assert result.returncode != 0
    assert "SESSION_STORE=cache keeps sessions in Redis alone" in result.stderr and "cached_db" in result.stderr


def test_without_a_shared_cache_production_sessions_stay_in_the_database(tmp_path):
    got = scaling_probe(scaled_env(tmp_path))

    assert got["cache"] == "django.core.cache.backends.locmem.LocMemCache"
    assert got["session"] == "django.contrib.sessions.backends.db"


@pytest.mark.parametrize("store, message", [
    ("cached_db", "SESSION_STORE=cached_db needs a cache all web processes share"),
    ("files", "SESSION_STORE must be db or cached_db, not 'files'"),
])
def test_production_refuses_sessions_that_one_process_could_not_share(tmp_path, store, message):
    # Local memory is per process: a session written by one web replica would be unknown to the next.
    result = manage(scaled_env(tmp_path, SESSION_STORE=store), "check")

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and message in result.stderr


def test_emails_reports_and_search_go_to_their_own_queues_and_one_worker_takes_them_all(tmp_path):
    got = scaling_probe(scaled_env(tmp_path, REDIS_URL="redis://redis.internal:6379/0"))

    assert got["routes"] == {
        "outbox.tasks.deliver_email": "emails", "outbox.tasks.drain_outbox": "emails",
        "newsletter.tasks.send_newsletter_batch": "emails",
        "reports.tasks.build_report": "reports", "reports.tasks.send_scheduled_reports": "reports",
        "search.tasks.update_products": "search",
        "content.publish_scheduled": "celery", "commerce.payments.tasks.cancel_abandoned_orders": "celery",
    }
    # A worker started without -Q (README, bin/run setups) consumes every one of them.
    assert got["worker_queues"] == ["celery", "emails", "reports", "search"]


def test_separate_queues_can_be_switched_off(tmp_path):
    got = scaling_probe(scaled_env(tmp_path, REDIS_URL="redis://redis.internal:6379/0", CELERY_SEPARATE_QUEUES="false"))

    assert set(got["routes"].values()) == {"celery"}
    assert got["worker_queues"] == ["celery"]


def test_the_reports_replica_is_off_by_default(tmp_path):
    got = scaling_probe(scaled_env(tmp_path))

    assert list(got["databases"]) == ["default"]
    assert got["routers"] == []
    assert got["reads_outside_tasks"] == ["default", "default"]


def test_reports_database_url_adds_the_replica_and_its_router(tmp_path):
    got = scaling_probe(scaled_env(tmp_path, REPORTS_DATABASE_URL="postgres://reader:pw@replica.internal:5432/larder"))

    # Tests use the replica alias as a mirror of the test database, as Django does for replicas.
    assert got["databases"]["reports_replica"] == {"host": "replica.internal", "mirror": "default"}
    assert got["routers"] == ["config.db_routers.ReportsReplicaRouter"]
    # Outside a report build nothing reads from the replica, and it is never migrated.
    assert got["reads_outside_tasks"] == ["default", "default"]
    assert got["migrate_replica"] is False


def test_search_url_lists_the_nodes_of_a_cluster(tmp_path):
    got = scaling_probe(scaled_env(tmp_path, SEARCH_ENGINE="opensearch", SEARCH_REPLICAS="1",
                                   SEARCH_URL="https://search-1.internal:9200, https://search-2.internal:9200,"
                                              "https://search-3.internal:9200"))

    assert got["search_hosts"] == ["https://search-1.internal:9200", "https://search-2.internal:9200",
                                   "https://search-3.internal:9200"]
    assert got["search_replicas"] == 1


def test_a_single_search_node_is_a_cluster_of_one_without_replicas(tmp_path):
    got = scaling_probe(scaled_env(tmp_path, SEARCH_ENGINE="opensearch", SEARCH_URL="http://127.0.0.1:9200"))

    assert got["search_hosts"] == ["http://127.0.0.1:9200"]
    assert got["search_replicas"] == 0
