"""The database engine's full-text support.

SQLite: an FTS5 table over product titles and descriptions kept in step by triggers
(search/backends/sqlite_fts.py), so the embedded engine never needs a reindex.
PostgreSQL: the pg_trgm extension, for typo tolerance and "did you mean".
"""
from django.db import migrations


def forward(apps, schema_editor):
    from search.backends import sqlite_fts

    connection = schema_editor.connection
    if connection.vendor == "sqlite":
        sqlite_fts.ensure(connection)
    elif connection.vendor == "postgresql":
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")


def backward(apps, schema_editor):
    from search.backends import sqlite_fts

    sqlite_fts.drop(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0001_initial"),
        ("catalogue", "0032_category_exclude_from_menu_category_long_description"),
    ]

    operations = [migrations.RunPython(forward, backward)]
