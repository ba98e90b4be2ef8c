"""Content on beat (see CELERY_BEAT_SCHEDULE): Wagtail's scheduled publishing every minute, and the
content health email every morning."""
from io import StringIO

from celery import shared_task
from django.core.management import call_command


@shared_task(name="content.publish_scheduled")
def publish_scheduled():
    """Publish pages whose "go live" time has come and unpublish those past "expire"; returns the command's report."""
    out = StringIO()
    call_command("publish_scheduled", stdout=out)
    return out.getvalue()


@shared_task(name="content.email_content_health")
def email_content_health():
    """Email the content health report to each editor who opted in, once a day (the outbox key
    carries the date, so a beat retry or a second run sends nothing more); returns how many."""
    from content.health_email import send_content_health

    return send_content_health()
