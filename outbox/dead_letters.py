"""Staff page for emails that didn't go out: failed for good ("dead") or waiting to retry.

"Failed for good" means retries ran out or the mail server refused the email permanently
(a 5xx such as "550 no such user", outbox.tasks). Each row shows the last SMTP
error; "Retry" puts a dead or retrying email back in the queue with a fresh set of retries
(it is sent once: delivery skips an email already sent).
"""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from .models import OutgoingEmail
from .tasks import deliver_email

UNDELIVERED = (OutgoingEmail.Status.DEAD, OutgoingEmail.Status.RETRYING)


def _staff_only(request):
    # Addresses and subjects are customer data: staff need the permission, not just is_staff.
    if not (request.user.is_staff and request.user.has_perm("notifications.change_outgoingemail")):
        raise PermissionDenied("Only staff who look after customer email can see undelivered email.")


@login_required
def undelivered(request):
    _staff_only(request)
    emails = OutgoingEmail.objects.filter(status__in=UNDELIVERED).defer("body_text", "body_html", "attachments")
    page = Paginator(emails, 50).get_page(request.GET.get("page"))
    return render(request, "outbox/undelivered.html", {"page": page, "emails": page.object_list})


@login_required
@require_POST
def retry(request, pk):
    _staff_only(request)
    with transaction.atomic():
        email = get_object_or_404(OutgoingEmail.objects.select_for_update(), pk=pk)
        if email.status not in UNDELIVERED:
            state = email.get_status_display().lower()
            messages.info(request, f"The email to {email.to} is {state}; nothing to retry.")
            return redirect("outbox-undelivered")
        # A fresh start: the refusals that made it fail for good are staff's to overrule.
        email.status, email.next_attempt_at, email.refusals = OutgoingEmail.Status.QUEUED, None, 0
        email.save(update_fields=["status", "next_attempt_at", "refusals"])
        deliver_email.queue_after_commit(email.pk)
    messages.success(request, f"The email “{email.subject}” to {email.to} is queued again.")
    return redirect("outbox-undelivered")
