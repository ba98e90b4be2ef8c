"""Login lockout (django-axes): repeated wrong passwords for one email from one address
lock that pair out for settings.AXES_COOLOFF_TIME, on every login page (storefront, Oscar
dashboard, Wagtail admin), because all three authenticate through this backend. Staff's
sign-in codes (the second step, staff_2fa/) are locked the same way (below).
"""
from axes.backends import AxesStandaloneBackend
from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.shortcuts import render

from .client_ip import axes_client_ip


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


# --- The second step of a staff sign-in (staff_2fa/) ---------------------------------------
# Wrong sign-in codes are counted by the same axes records, pair (account, address), limit and
# cool-off as wrong passwords, and answered with the same 429 page. They are counted under a
# name of their own, so that the right password (which clears the password count) can't also
# clear the code count: knowing the password must not buy an endless supply of code guesses.
# No email address can contain ":", so the name can't be anyone's login.
SECOND_STEP_PREFIX = "second-step:"


def second_step_credentials(user):
    return {"username": f"{SECOND_STEP_PREFIX}{user.get_username().strip().lower()}"}


def second_step_locked(request, user):
    """True while this account's second step is locked for this address."""
    return AxesProxyHandler.is_locked(request, second_step_credentials(user))


def second_step_failed(request, user):
    """Count a wrong (or throttled) code; the failure that reaches the limit turns this
    response into the lockout page (axes' middleware)."""
    user_login_failed.send(sender=__name__, credentials=second_step_credentials(user), request=request)


def second_step_passed(request, user):
    """A right code clears this address's code count for the account."""
    AxesProxyHandler.reset_attempts(ip_address=axes_client_ip(request),
                                    username=second_step_credentials(user)["username"])
