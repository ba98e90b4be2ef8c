"""Contact messages get their own table, which records the account of a sender who was signed in.

The messages already sent through contact pages move from Wagtail's shared table into it,
with their ids and times as they were (they were sent with nobody's account recorded, so
they stay unlinked), and staff still find them under Forms in the CMS. The new table's ids
continue after every id the old one handed out: a message's emails are queued under keys
made of its id ("contact:<id>:staff"), so a new message must never reuse an old one's id,
or its emails would be taken for ones already sent and skipped. Undoing it moves them back.
"""

import django.core.serializers.json
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def _last_id(connection, table):
    """The highest id the table has handed out, counting rows since deleted where the database keeps track."""
    qn = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT MAX(id) FROM {qn(table)}")
        last = cursor.fetchone()[0] or 0
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [table])
            sequence = cursor.fetchone()[0]
            if sequence:
                cursor.execute(f"SELECT last_value, is_called FROM {sequence}")
                value, called = cursor.fetchone()
                if called:
                    last = max(last, value)
        elif connection.vendor == "sqlite":
            cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
            row = cursor.fetchone()
            if row:
                last = max(last, row[0] or 0)
    return last


def _continue_after(connection, table, last):
    """Make the table's next new id come after `last`."""
    if not last:
        return
    qn = connection.ops.quote_name
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT setval(pg_get_serial_sequence(%s, 'id'), %s)", [table, last])
        elif connection.vendor == "sqlite":
            cursor.execute("UPDATE sqlite_sequence SET seq = MAX(seq, %s) WHERE name = %s", [last, table])
            if not cursor.rowcount:
                cursor.execute("INSERT INTO sqlite_sequence (name, seq) VALUES (%s, %s)", [table, last])
        elif connection.vendor == "mysql":
            cursor.execute(f"ALTER TABLE {qn(table)} AUTO_INCREMENT = {int(last) + 1}")


def _move(schema_editor, source, target, where="", left_empty=()):
    """Move rows from one submission table to the other as they are (INSERT ... SELECT, so the
    submit times are kept: the ORM would stamp auto_now_add ones with the time of the move);
    `left_empty` names target columns the source doesn't have, set to NULL."""
    connection = schema_editor.connection
    qn = connection.ops.quote_name
    columns = ["id", "form_data", "page_id", "submit_time"]
    values = ", ".join(qn(c) for c in columns)
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {qn(target)} ({values}{''.join(f', {qn(c)}' for c in left_empty)}) "
                       f"SELECT {values}{', NULL' * len(left_empty)} FROM {qn(source)} {where}")
        cursor.execute(f"DELETE FROM {qn(source)} {where}")
    _continue_after(connection, target, max(_last_id(connection, source), _last_id(connection, target)))


def move_contact_messages(apps, schema_editor):
    old = apps.get_model("wagtailforms", "FormSubmission")._meta.db_table
    new = apps.get_model("content", "ContactSubmission")._meta.db_table
    pages = apps.get_model("content", "ContactPage")._meta
    qn = schema_editor.connection.ops.quote_name
    _move(schema_editor, old, new, left_empty=["user_id"],
          where=f"WHERE {qn('page_id')} IN (SELECT {qn(pages.pk.column)} FROM {qn(pages.db_table)})")


def move_contact_messages_back(apps, schema_editor):
    _move(schema_editor, apps.get_model("content", "ContactSubmission")._meta.db_table,
          apps.get_model("wagtailforms", "FormSubmission")._meta.db_table)


class Migration(migrations.Migration):

    dependencies = [
        ('content', '0002_shoppable_blocks_promotions_footer'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        migrations.swappable_dependency(settings.WAGTAIL_PAGE_MODEL),
        ('wagtailforms', '0005_alter_formsubmission_form_data'),
    ]

    operations = [
        migrations.CreateModel(
            name='ContactSubmission',
            fields=[
                ('id', models.AutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('form_data', models.JSONField(encoder=django.core.serializers.json.DjangoJSONEncoder)),
                ('submit_time', models.DateTimeField(auto_now_add=True, verbose_name='submit time')),
                ('page', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE,
                                           to=settings.WAGTAIL_PAGE_MODEL)),
                ('user', models.ForeignKey(
                    blank=True, help_text='The account signed in when the message was sent; empty if signed out',
                    null=True, on_delete=django.db.models.deletion.CASCADE, related_name='contact_submissions',
                    to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'form submission',
                'verbose_name_plural': 'form submissions',
                'abstract': False,
            },
        ),
        migrations.RunPython(move_contact_messages, move_contact_messages_back),
    ]
