"""Dashboard page for API keys: staff with the “manage API keys” permission create and revoke them.

A new key is shown once, on the page answering the form; only its hash is kept, so a lost
key is revoked and replaced, never recovered.
"""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.views.decorators.http import require_POST

from .forms import NewKeyForm
from .keys import create_key, revoke_key
from .models import ApiKey

PERMISSION = "api.manage_apikey"


def may_manage(user, *args, **kwargs):
    return user.is_staff and user.has_perm(PERMISSION)


def _check(request):
    if not may_manage(request.user):
        raise PermissionDenied("Only staff allowed to manage API keys can see them.")


@login_required
def key_list(request):
    _check(request)
    form = NewKeyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        key, full = create_key(name=form.cleaned_data["name"], scopes=form.cleaned_data["scopes"], user=request.user)
        response = render(request, "api/key_created.html", {"key": key, "full_key": full})
        response["Cache-Control"] = "no-store"  # the only time the key exists in clear
        return response
    keys = ApiKey.objects.select_related("created_by", "revoked_by")
    return render(request, "api/keys.html", {"keys": keys, "form": form}, status=400 if form.errors else 200)


@login_required
@require_POST
def key_revoke(request, pk):
    _check(request)
    key = get_object_or_404(ApiKey, pk=pk)
    revoke_key(key, user=request.user)
    messages.success(request, f"The key “{key.name}” is revoked: requests with it are refused from now on.")
    return redirect("api-keys")


urlpatterns = [
    path("", key_list, name="api-keys"),
    path("<int:pk>/revoke/", key_revoke, name="api-key-revoke"),
]
