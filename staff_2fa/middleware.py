"""The one place the second factor is asked for: any request for a staff area (security/
csp.py's STAFF_AREAS: the Oscar dashboard, the Wagtail CMS, the Django admin) by a staff
member whose session has not passed it is sent to the code page, keeping ?next=. With
settings.STAFF_TWO_FACTOR_REQUIRED (production), staff without an app are sent to add one.

It must sit after django-otp's OTPMiddleware (which tells whether this session has passed)
and runs once the URL is resolved, so each area's own sign-in and sign-out pages stay open.
"""
from urllib.parse import urlencode

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse

from security.csp import STAFF_AREAS

from .devices import has_second_factor, works_in_staff_areas

# The password step itself, and leaving, must not need the second one.
OPEN_PAGES = {"dashboard:login", "dashboard:logout", "wagtailadmin_login", "wagtailadmin_logout",
              "admin:login", "admin:logout"}


class StaffSecondFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not request.path.startswith(STAFF_AREAS):
            return None
        match = request.resolver_match
        if match is not None and match.view_name in OPEN_PAGES:
            return None
        user = request.user
        if not works_in_staff_areas(user) or user.is_verified():
            return None
        if has_second_factor(user):
            return redirect(f"{reverse('staff_2fa:verify')}?{urlencode({'next': request.get_full_path()})}")
        if settings.STAFF_TWO_FACTOR_REQUIRED:
            return redirect(f"{reverse('staff_2fa:enrol')}?{urlencode({'next': request.get_full_path()})}")
        return None
