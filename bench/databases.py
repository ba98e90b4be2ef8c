"""PostgreSQL databases of the benchmarks' own, made and dropped on a server URL.

Migrating an empty database takes minutes on a small machine; a copy of one already
migrated (CREATE DATABASE … TEMPLATE) takes a second, so the benchmarks accept
`--template NAME` and the smoke test (tests/test_bench_smoke.py) migrates once.
"""
import psycopg
from psycopg import sql


def admin(server):
    """An autocommit connection to the server's maintenance database (`server` has no database name)."""
    return psycopg.connect(f"{server}/postgres", autocommit=True, connect_timeout=5)


def exists(server, name):
    with admin(server) as conn:
        return bool(conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone())


def create(server, name, template=None):
    """Create `name`, empty or as a copy of `template` (which nobody may be connected to)."""
    statement = sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name))
    if template:
        statement += sql.SQL(" TEMPLATE {}").format(sql.Identifier(template))
    with admin(server) as conn:
        conn.execute(statement)


def drop(server, name):
    with admin(server) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def rename(server, old, new):
    with admin(server) as conn:
        conn.execute(sql.SQL("ALTER DATABASE {} RENAME TO {}").format(sql.Identifier(old), sql.Identifier(new)))
