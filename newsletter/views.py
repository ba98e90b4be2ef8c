"""Newsletter pages: confirm by link, unsubscribe by link (one click), preferences in the account."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from . import subscriptions


def confirm(request, token):
    subscriber = subscriptions.confirm(token)
    if subscriber is None:
        return render(request, "newsletter/link_refused.html", {
            "message": "This confirmation link is not valid or has expired. Ask for the newsletter again from "
                       "your account and use the newest link."}, status=400)
    return render(request, "newsletter/confirmed.html", {"subscriber": subscriber})


@csrf_exempt  # mail clients' one-click unsubscribe (RFC 8058) POSTs without a session
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """One click: opening the link opts the address out; no sign-in, no second step."""
    subscriber = subscriptions.unsubscribe(token)
    if subscriber is None:
        return render(request, "newsletter/link_refused.html", {
            "message": "This unsubscribe link is not valid. Use the link from the newsletter itself, or "
                       "manage the newsletter from your account."}, status=400)
    return render(request, "newsletter/unsubscribed.html", {"subscriber": subscriber})


def _page(request, status=200, **context):
    context = {"status": subscriptions.status_for(request.user.email), "active_tab": "newsletter",
               "page_title": "Newsletter", **context}
    return render(request, "newsletter/preferences.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request):
    email = request.user.email
    if request.method == "POST":
        choice = request.POST.get("newsletter")
        if choice == "subscribe":
            subscriptions.request_subscription(email, user=request.user)
            messages.success(request, f"We have emailed {email} a link: click it to start receiving the newsletter.")
        elif choice == "unsubscribe":
            subscriptions.opt_out(email)
            messages.success(request, "You will not receive the newsletter any more.")
        else:
            return _page(request, status=400, error="Choose whether you want the newsletter.")
        return redirect("newsletter:preferences")
    return _page(request)
