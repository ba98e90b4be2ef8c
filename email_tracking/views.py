"""The open pixel and the click redirect. Both answer without a session and outside the page cache
(pagecache/policy.py lists /email/), and record only for a valid token and an address that
still allows tracking (tokens.may_count)."""
import base64

from django.db import IntegrityError, transaction
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from . import tokens, visits
from .models import EmailClick, EmailOpen

# A transparent 1×1 GIF.
PIXEL = base64.b64decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7")


@never_cache
@require_safe
def open_pixel(request, token):
    """Always the GIF, forged token or not (a broken image helps nobody); the first open counts."""
    key = tokens.read_open(token)
    if key is not None and not EmailOpen.objects.filter(key=key).exists() and tokens.may_count(key):
        try:
            with transaction.atomic():
                EmailOpen.objects.create(key=key)
        except IntegrityError:
            pass  # opened twice at once: counted once
    return HttpResponse(PIXEL, content_type="image/gif")


@never_cache
@require_safe
def click(request, token):
    """To exactly the address signed in the token; a forged token gets a 400 page, never a redirect."""
    read = tokens.read_click(token)
    if read is None:
        return render(request, "email_tracking/link_refused.html", status=400)
    key, url = read
    response = HttpResponseRedirect(url)
    if tokens.may_count(key):
        clicked_at = timezone.now()
        EmailClick.objects.create(key=key, url=url[:2000], clicked_at=clicked_at)
        visits.remember_click(response, key, clicked_at)
    return response
