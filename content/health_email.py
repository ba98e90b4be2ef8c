"""The morning content health email, through the outbox, to editors who opted in.

Recipients are active users who ticked the opt-in in their Wagtail account and can still
reach the admin. Nothing is sent on a day with nothing to fix. The outbox key is per
editor per day, so running the task twice sends each editor one email.
"""
from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from content.health import problems
from outbox.outbox import queue_email


def recipients():
    users = get_user_model().objects.filter(is_active=True, content_health_subscription__daily=True)
    return [user for user in users if user.has_perm("wagtailadmin.access_admin")]


def body(found):
    lines = [f"{len(found)} thing{'s' if len(found) != 1 else ''} on live pages need an editor:", ""]
    for problem in found:
        lines.append(f"- {problem.summary}")
        if problem.replacements:
            lines.append("  Instead: " + ", ".join(p.get_title() for p in problem.replacements))
    lines += ["", f"The report: {settings.WAGTAILADMIN_BASE_URL.rstrip('/')}{reverse('content_health')}",
              "You get this because you asked for it in your account settings in the CMS."]
    return "\n".join(lines)


def send_content_health(today=None):
    """Queue today's email to each opted-in editor; returns how many were queued (0 if all is well)."""
    found = problems()
    if not found:
        return 0
    today = today or timezone.localdate()
    text = body(found)
    people = recipients()
    for user in people:
        queue_email(to=user.email, subject=f"Content health: {len(found)} to fix on live pages", body=text,
                    kind="content-health", key=f"content-health:{today:%Y-%m-%d}:{user.pk}")
    return len(people)
