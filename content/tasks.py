"""Scheduled publishing: Celery beat runs Wagtail's publish_scheduled every minute (see CELERY_BEAT_SCHEDULE)."""
from io import StringIO

from celery import shared_task
from django.core.management import call_command


@shared_task(name="content.publish_scheduled")
def publish_scheduled():
    """Publish pages whose "go live" time has come and unpublish those past "expire"; returns the command's report."""
    out = StringIO()
    call_command("publish_scheduled", stdout=out)
    return out.getvalue()
