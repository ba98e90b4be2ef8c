"""The three pages: the second step of signing in, adding the app (enrolment), and the
staff member's own two-factor page (new recovery codes, removing the app). Every wrong code
typed on them counts toward the same lockout as wrong passwords (security/lockout.py)."""
import django_otp
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django_otp.plugins.otp_static.models import StaticDevice

from security.lockout import lockout_response, second_step_failed, second_step_locked, second_step_passed

from . import devices
from .forms import EnrolmentForm, SecondFactorForm


def next_page(request):
    """Where to go once the second step is done: ?next= if it is ours, else the person's staff area."""
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    ours = url_has_allowed_host_and_scheme(wanted, allowed_hosts={request.get_host()},
                                           require_https=request.is_secure())
    if ours and not wanted.startswith(reverse("staff_2fa:verify")):  # (no way round in circles)
        return wanted
    return reverse("dashboard:index") if request.user.is_staff else reverse("wagtailadmin_home")


def with_next(url_name, request):
    return f"{reverse(url_name)}?{request.GET.urlencode()}" if request.GET.get("next") else reverse(url_name)


def staff_only(view):
    """Signed in and working in a staff area; anyone else has nothing here."""
    @login_required
    def check(request, *args, **kwargs):
        if not devices.works_in_staff_areas(request.user):
            raise PermissionDenied("Two-factor sign-in is for staff accounts.")
        return view(request, *args, **kwargs)
    return never_cache(require_http_methods(["GET", "POST"])(check))


def _passed(request, device):
    """The code was right: this session is verified (with a fresh session key, since it now opens more)."""
    django_otp.login(request, device)
    request.session.cycle_key()
    second_step_passed(request, request.user)


def _check_code(request, prefix=None):
    """(form, device that accepted the code or None); a typed code that fails counts toward the lockout."""
    form = SecondFactorForm(request.user, request, data=request.POST, prefix=prefix)
    if form.is_valid():
        return form, form.user.otp_device
    if form.cleaned_data.get("otp_token"):
        second_step_failed(request, request.user)
    return form, None


@staff_only
def verify(request):
    if not devices.has_second_factor(request.user) or request.user.is_verified():
        return redirect(next_page(request))
    if second_step_locked(request, request.user):
        return lockout_response(request)
    form = SecondFactorForm(request.user, request)
    if request.method == "POST":
        form, device = _check_code(request)
        if device is not None:
            _passed(request, device)
            if isinstance(device, StaticDevice):
                left = devices.recovery_codes_left(request.user)
                messages.warning(request, f"Recovery code used: {left} left. Make new ones from your two-factor "
                                          "page if you are running out, or if your phone is lost.")
            return redirect(next_page(request))
    return render(request, "staff_2fa/verify.html", {"form": form, "next": next_page(request)})


@staff_only
def enrol(request):
    if devices.has_second_factor(request.user):
        messages.info(request, "Two-factor sign-in is already set up for your account.")
        return redirect(with_next("staff_2fa:manage", request))
    device = devices.pending_authenticator(request.user)
    form = EnrolmentForm(device, data=request.POST if request.method == "POST" else None)
    if form.is_valid():
        codes = devices.confirm(device)
        _passed(request, device)
        return render(request, "staff_2fa/recovery_codes.html", {"codes": codes, "next": next_page(request),
                                                                 "first_time": True})
    return render(request, "staff_2fa/enrol.html", {
        "form": form, "qr": devices.qr_svg(device), "secret": devices.secret_text(device), "next": next_page(request),
        "required": settings.STAFF_TWO_FACTOR_REQUIRED})


@staff_only
def manage(request):
    user = request.user
    if not devices.has_second_factor(user):
        return redirect(with_next("staff_2fa:enrol", request))
    if not user.is_verified():
        return redirect(f"{reverse('staff_2fa:verify')}?next={reverse('staff_2fa:manage')}")
    if second_step_locked(request, user):
        return lockout_response(request)
    action = request.POST.get("action")
    forms = {name: SecondFactorForm(user, request, prefix=name) for name in ("codes", "remove")}
    if request.method == "POST" and action in forms:
        forms[action], device = _check_code(request, prefix=action)
        if device is not None and action == "codes":
            codes = devices.issue_recovery_codes(user)
            return render(request, "staff_2fa/recovery_codes.html", {"codes": codes, "next": next_page(request)})
        if device is not None:
            devices.remove_second_factor(user)
            note = (" You will be asked to add an app again before your next visit to a staff area."
                    if settings.STAFF_TWO_FACTOR_REQUIRED else "")
            messages.success(request, "Two-factor sign-in is removed: the app's codes and your recovery codes no "
                                      f"longer work.{note}")
            return redirect(next_page(request))
    authenticator = devices.authenticator(user)
    return render(request, "staff_2fa/manage.html", {
        "forms": forms, "authenticator": authenticator, "codes_left": devices.recovery_codes_left(user),
        "required": settings.STAFF_TWO_FACTOR_REQUIRED})
