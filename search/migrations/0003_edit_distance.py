"""PostgreSQL: the fuzzystrmatch extension, whose levenshtein() gives the database engine
the same typo rule as Elasticsearch/OpenSearch (one edit in 4–6 letters, two from 7)."""
from django.db import migrations


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS fuzzystrmatch")


class Migration(migrations.Migration):
    dependencies = [("search", "0002_database_full_text")]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
