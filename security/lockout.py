"""Login lockout (django-axes): repeated wrong passwords for one email from one address
lock that pair out for settings.AXES_COOLOFF_TIME, on every login page (storefront, Oscar
dashboard, Wagtail admin), because all three authenticate through this backend.
"""
from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.shortcuts import render


class LoginLockoutBackend(AxesStandaloneBackend):
    """Axes' lockout check, minus its demand for a request.

    Oscar's registration authenticates the account it has just created without passing
    the request; no password is being guessed there, so there is nothing to lock.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def lockout_response(request, original_response=None, credentials=None):
    """The page a locked-out visitor sees: 429 and when to try again."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    response = render(request, "security/lockout.html", {"cooloff_minutes": minutes},
                      status=429)
    response["Retry-After"] = str(int(settings.AXES_COOLOFF_TIME.total_seconds()))
    return response


def lockout_username(request, credentials):
    """The account being tried, normalised so "Ada@Example.com " counts as "ada@example.com".

    Each login page names its field differently (the storefront's is prefixed "login-").
    """
    credentials = credentials or {}
    value = credentials.get("username") or credentials.get("email") or ""
    if not value and request is not None and request.method == "POST":
        value = request.POST.get("username") or request.POST.get("login-username") or ""
    return str(value).strip().lower()
