"""Wagtail form pages (the contact form) share the rate limits: a page's POST is served by
Wagtail's catch-all view, so the limit is checked here, where the page is known."""
from wagtail import hooks
from wagtail.contrib.forms.models import FormMixin

from .ratelimit import over_limit, too_many_requests


@hooks.register("before_serve_page")
def limit_form_submissions(page, request, serve_args, serve_kwargs):
    if request.method == "POST" and isinstance(page, FormMixin):
        if over_limit(request, "contact"):
            return too_many_requests(request, "contact")
    return None
