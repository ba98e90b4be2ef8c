"""Newsletter pages: confirm by link, unsubscribe by link (one click), preferences in the account."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from . import preferences as consent
from . import subscriptions


def refused(request, message):
    """A link that was forged, altered or is too old: say so and what to do instead."""
    return render(request, "newsletter/link_refused.html", {"message": message}, status=400)


def confirm(request, token):
    subscriber = subscriptions.confirm(token)
    if subscriber is None:
        return refused(request, "This confirmation link is not valid or has expired. Ask for the newsletter again "
                                "from your account and use the newest link.")
    return render(request, "newsletter/confirmed.html", {"subscriber": subscriber})


WHAT_STOPS = {"newsletter": "our newsletter", "reminders": "reminders about a basket left waiting",
              "tracking": "counting of opens and clicks"}


@csrf_exempt  # mail clients' one-click unsubscribe (RFC 8058) POSTs without a session
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """One click: opening the link opts the address out; no sign-in, no second step."""
    read = consent.read_unsubscribe(token)
    if read is None:
        return refused(request, "This unsubscribe link is not valid. Use the link from the email itself, or "
                                "manage your emails from your account.")
    subscriber = consent.unsubscribe(token)
    return render(request, "newsletter/unsubscribed.html", {
        "subscriber": subscriber, "what": WHAT_STOPS[read[1]],
        "preferences_url": consent.preferences_url(subscriber.email)})


@require_http_methods(["GET", "POST"])
def manage(request, token):
    """The preferences page an email links to: no sign-in, the signed link is the key."""
    email = consent.read_preferences_token(token)
    if email is None:
        return refused(request, "This preferences link is not valid. Use the link from one of our emails, or sign "
                                "in and choose your emails from your account.")
    saved = None
    if request.method == "POST":
        saved = consent.choose(email, newsletter=bool(request.POST.get("newsletter")),
                               reminders=bool(request.POST.get("reminders")),
                               tracking=bool(request.POST.get("tracking")))
    return render(request, "newsletter/manage.html", {"choices": consent.current(email), "saved": saved})


def _page(request, status=200, **context):
    context = {"status": subscriptions.status_for(request.user.email), "choices": consent.current(request.user.email),
               "active_tab": "newsletter", "page_title": "Emails", **context}
    return render(request, "newsletter/preferences.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request):
    email = request.user.email
    if request.method == "POST" and request.POST.get("form") == "other-emails":
        consent.set_preferences(email, user=request.user, reminders=bool(request.POST.get("reminders")),
                                tracking=bool(request.POST.get("tracking")))
        messages.success(request, "Your choices are saved.")
        return redirect("newsletter:preferences")
    if request.method == "POST":
        choice = request.POST.get("newsletter")
        if choice == "subscribe":
            subscriptions.request_subscription(email, user=request.user)
            messages.success(request, f"We have emailed {email} a link: click it to start receiving the newsletter.")
        elif choice == "unsubscribe":
            consent.set_preferences(email, user=request.user, newsletter=False)
            messages.success(request, "You will not receive the newsletter any more.")
        else:
            return _page(request, status=400, error="Choose whether you want the newsletter.")
        return redirect("newsletter:preferences")
    return _page(request)
