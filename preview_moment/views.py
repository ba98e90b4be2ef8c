"""Choosing a moment to preview, and leaving the preview. Staff only: anybody else gets a
403 and nothing in their session changes."""
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from . import access
from .forms import MomentForm


def _staff_only(request):
    if not access.may_preview(request.user):
        raise PermissionDenied("Only staff can preview the shop at another moment.")


def _next(request):
    target = request.POST.get("next", "")
    return target if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()) else "/"


@never_cache
@require_http_methods(["GET", "POST"])
def choose(request):
    _staff_only(request)
    form = MomentForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            access.choose(request, form.cleaned_data["moment"])
            return redirect(_next(request))
        status = 400
    else:
        status = 200
    return render(request, "preview_moment/choose.html", {
        "form": form, "chosen": access.chosen_moment(request), "shop_zone": timezone.get_default_timezone_name(),
        "next": request.GET.get("next") or request.POST.get("next") or "/",
    }, status=status)


@never_cache
@require_POST
def leave(request):
    _staff_only(request)
    access.leave(request)
    return redirect(_next(request))
