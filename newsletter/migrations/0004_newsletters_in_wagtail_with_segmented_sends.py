"""Newsletters become Wagtail snippets written in blocks; each mailing becomes a Send.

A newsletter of the old kind (a promotion page mailed from the Django admin) keeps its
promotion, gets a title and a body naming it, and, when it was sent, a Send with its
recipients count, sender and date, whose outbox keys ("newsletter:<id>:<subscriber>")
still give its delivered and failed figures.
"""
import uuid

from django.utils.html import escape

import django.db.models.deletion
import wagtail.fields
from django.conf import settings
from django.db import migrations, models




def keep_sent_history(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # the columns read here are dropped next
    Newsletter = apps.get_model("newsletter", "Newsletter")
    Send = apps.get_model("newsletter", "Send")
    for newsletter in Newsletter.objects.select_related("promotion"):
        promotion = newsletter.promotion
        newsletter.title = newsletter.subject or (promotion.title if promotion else f"Newsletter {newsletter.pk}")
        if promotion is not None:
            newsletter.body = [
                {"type": "heading", "value": promotion.title, "id": str(uuid.uuid4())},
                {"type": "paragraph", "value": f"<p>{escape(promotion.banner_text)}</p>", "id": str(uuid.uuid4())},
            ] if promotion.banner_text else [{"type": "heading", "value": promotion.title, "id": str(uuid.uuid4())}]
        newsletter.save()
        if newsletter.status in ("sending", "sent"):
            when = newsletter.sent_at or newsletter.created_at
            Send.objects.create(
                newsletter=newsletter, segment="all", status="sent", send_at=when, started_at=when,
                finished_at=newsletter.sent_at, audience_at=when, created_by=newsletter.sent_by,
                recipients=newsletter.recipients, subject=newsletter.title, key_prefix=f"newsletter:{newsletter.pk}:")


class Migration(migrations.Migration):

    dependencies = [
        ('catalogue', '0032_category_exclude_from_menu_category_long_description'),
        ('content', '0007_recipe_block'),
        ('newsletter', '0003_subscriber_preferences'),
        ('wagtailcore', '0098_apitoken'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='newsletter',
            options={'ordering': ['-created_at'], 'permissions': [('send_newsletter', 'Can send a newsletter to subscribers, now or scheduled')]},
        ),
        migrations.AddField(
            model_name='newsletter',
            name='body',
            field=wagtail.fields.StreamField([('heading', 0), ('paragraph', 1), ('image', 4), ('call_to_action', 9), ('product', 12), ('product_grid', 19)], blank=True, block_lookup={0: ('wagtail.blocks.CharBlock', (), {'form_classname': 'title', 'max_length': 120}), 1: ('wagtail.blocks.RichTextBlock', (), {'features': ['bold', 'italic', 'link', 'ol', 'ul']}), 2: ('wagtail.images.blocks.ImageChooserBlock', (), {}), 3: ('wagtail.blocks.CharBlock', (), {'max_length': 250, 'required': False}), 4: ('wagtail.blocks.StructBlock', [[('image', 2), ('caption', 3)]], {}), 5: ('wagtail.blocks.CharBlock', (), {'max_length': 120}), 6: ('wagtail.blocks.TextBlock', (), {'required': False}), 7: ('wagtail.blocks.CharBlock', (), {'max_length': 40}), 8: ('wagtail.blocks.CharBlock', (), {'help_text': 'A path such as /shop/catalogue/ or a full URL', 'max_length': 300}), 9: ('wagtail.blocks.StructBlock', [[('title', 5), ('text', 6), ('button_label', 7), ('button_url', 8)]], {}), 10: ('content.choosers.ProductChooserBlock', (), {}), 11: ('wagtail.blocks.CharBlock', (), {'help_text': 'A line of your own under the product', 'max_length': 200, 'required': False}), 12: ('wagtail.blocks.StructBlock', [[('product', 10), ('note', 11)]], {}), 13: ('wagtail.blocks.CharBlock', (), {'max_length': 120, 'required': False}), 14: ('wagtail.blocks.ChoiceBlock', [], {'choices': [('picked', 'Hand-picked products'), ('category', 'A category'), ('range', 'A range')]}), 15: ('wagtail.blocks.ListBlock', (10,), {'label': 'Hand-picked products', 'required': False}), 16: ('content.choosers.CategoryChooserBlock', (), {'required': False}), 17: ('content.choosers.RangeChooserBlock', (), {'required': False}), 18: ('wagtail.blocks.IntegerBlock', (), {'default': 8, 'max_value': 48, 'min_value': 1}), 19: ('wagtail.blocks.StructBlock', [[('title', 13), ('source', 14), ('products', 15), ('category', 16), ('range', 17), ('limit', 18)]], {})}),
        ),
        migrations.AddField(
            model_name='newsletter',
            name='expire_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='expiry date/time'),
        ),
        migrations.AddField(
            model_name='newsletter',
            name='expired',
            field=models.BooleanField(default=False, editable=False, verbose_name='expired'),
        ),
        migrations.AddField(
            model_name='newsletter',
            name='first_published_at',
            field=models.DateTimeField(blank=True, db_index=True, null=True, verbose_name='first published at'),
        ),
        migrations.AddField(
            model_name='newsletter',
            name='go_live_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='go live date/time'),
        ),
        migrations.AddField(
            model_name='newsletter',
            name='has_unpublished_changes',
            field=models.BooleanField(default=False, editable=False, verbose_name='has unpublished changes'),
        ),
        migrations.AddField(
            model_name='newsletter',
            name='last_published_at',
            field=models.DateTimeField(editable=False, null=True, verbose_name='last published at'),
        ),
        migrations.AddField(
            model_name='newsletter',
            name='latest_revision',
            field=models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='wagtailcore.revision', verbose_name='latest revision'),
        ),
        migrations.AddField(
            model_name='newsletter',
            name='live',
            field=models.BooleanField(default=True, editable=False, verbose_name='live'),
        ),
        migrations.AddField(
            model_name='newsletter',
            name='live_revision',
            field=models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='wagtailcore.revision', verbose_name='live revision'),
        ),
        migrations.AddField(
            model_name='newsletter',
            name='locked',
            field=models.BooleanField(default=False, editable=False, verbose_name='locked'),
        ),
        migrations.AddField(
            model_name='newsletter',
            name='locked_at',
            field=models.DateTimeField(editable=False, null=True, verbose_name='locked at'),
        ),
        migrations.AddField(
            model_name='newsletter',
            name='locked_by',
            field=models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='locked_%(class)ss', to=settings.AUTH_USER_MODEL, verbose_name='locked by'),
        ),
        migrations.AddField(
            model_name='newsletter',
            name='preheader',
            field=models.CharField(blank=True, help_text='The line mail apps show after the subject', max_length=200),
        ),
        migrations.AddField(
            model_name='newsletter',
            name='title',
            field=models.CharField(default='', help_text="For the newsletter list in /cms/; subscribers don't see it", max_length=200),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name='newsletter',
            name='promotion',
            field=models.ForeignKey(blank=True, editable=False, help_text='Newsletters from before the editor: the promotion page they mailed', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='content.promotionpage'),
        ),
        migrations.AlterField(
            model_name='newsletter',
            name='subject',
            field=models.CharField(blank=True, help_text="The email's subject; empty: the title", max_length=200),
        ),
        migrations.CreateModel(
            name='Send',
            fields=[
                ('id', models.AutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('segment', models.CharField(choices=[('all', 'All confirmed subscribers'), ('category', 'Customers who bought from a category'), ('lapsed', 'Customers with no order in the last N days'), ('never_ordered', 'Subscribers who never ordered')], default='all', max_length=16)),
                ('days', models.PositiveIntegerField(blank=True, help_text='For the no-order-in-N-days segment', null=True)),
                ('status', models.CharField(choices=[('scheduled', 'Scheduled'), ('sending', 'Sending'), ('sent', 'Sent'), ('cancelled', 'Cancelled')], db_index=True, default='scheduled', max_length=10)),
                ('send_at', models.DateTimeField(help_text="When it goes out (the moment it was asked for, for 'send now')")),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('started_at', models.DateTimeField(blank=True, null=True)),
                ('finished_at', models.DateTimeField(blank=True, null=True)),
                ('progress_at', models.DateTimeField(blank=True, help_text='Last sign of life of its batches (a stalled send is resumed)', null=True)),
                ('audience_at', models.DateTimeField(blank=True, help_text='When its recipients were listed', null=True)),
                ('recipients', models.PositiveIntegerField(default=0)),
                ('subject', models.CharField(blank=True, max_length=200)),
                ('body_html', models.TextField(blank=True, help_text='Rendered once at the start, personalised per recipient')),
                ('body_text', models.TextField(blank=True)),
                ('key_prefix', models.CharField(blank=True, help_text='The outbox keys of its emails start with this (figures)', max_length=60)),
                ('category', models.ForeignKey(blank=True, help_text='For the category segment', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='catalogue.category')),
                ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('newsletter', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='sends', to='newsletter.newsletter')),
            ],
            options={
                'ordering': ['-send_at'],
            },
        ),
        migrations.CreateModel(
            name='Recipient',
            fields=[
                ('id', models.AutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('email', models.EmailField(max_length=254)),
                ('key', models.CharField(blank=True, max_length=200)),
                ('queued_at', models.DateTimeField(blank=True, null=True)),
                ('skipped', models.BooleanField(default=False)),
                ('subscriber', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='newsletter.subscriber')),
                ('send', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='recipient_rows', to='newsletter.send')),
            ],
            options={
                'indexes': [models.Index(fields=['send', 'queued_at'], name='newsletter__send_id_dc32e7_idx')],
                'constraints': [models.UniqueConstraint(fields=('send', 'email'), name='one_email_per_send')],
            },
        ),
        migrations.RunPython(keep_sent_history, migrations.RunPython.noop),
        migrations.RemoveField(
            model_name='newsletter',
            name='recipients',
        ),
        migrations.RemoveField(
            model_name='newsletter',
            name='sent_at',
        ),
        migrations.RemoveField(
            model_name='newsletter',
            name='sent_by',
        ),
        migrations.RemoveField(
            model_name='newsletter',
            name='status',
        ),
    ]
