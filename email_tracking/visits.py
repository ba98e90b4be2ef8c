"""A visitor who came from a marketing email: remembered for EMAIL_ATTRIBUTION_DAYS in a signed cookie.

A cookie rather than the session: the click then creates no session, so the storefront
pages keep being served from the page cache (pagecache/ skips visitors with a session).
The cookie holds the email's outbox key and is signed with the click time, which the
signature's age checks. Each basket add while it lasts is an email touch of content
attribution (attribution/touches.py record_email_add), recorded only while the address
still allows tracking.
"""
import datetime as dt

from django.conf import settings
from django.core import signing

from attribution.touches import record_email_add

from .tokens import may_count

COOKIE = "email_click"
_SALT = "email_tracking.visit"


def _max_age():
    return settings.EMAIL_ATTRIBUTION_DAYS * 86400


def remember_click(response, key, clicked_at):
    value = f"{int(clicked_at.timestamp())}:{key}"
    response.set_signed_cookie(COOKIE, value, salt=_SALT, max_age=_max_age(), httponly=True, samesite="Lax",
                               secure=settings.SESSION_COOKIE_SECURE)


def clicked_email(request):
    """(outbox key, click time) of the email the visitor came from within the window, or None."""
    try:
        value = request.get_signed_cookie(COOKIE, default=None, salt=_SALT, max_age=_max_age())
    except signing.BadSignature:
        return None
    stamp, _, key = (value or "").partition(":")
    if not (stamp.isdigit() and key):
        return None
    return key, dt.datetime.fromtimestamp(int(stamp), tz=dt.UTC)


def note_basket_add(sender, product, request=None, **kwargs):
    """Receiver of Oscar's basket_addition: the add is an email touch when the visitor came from one."""
    came_from = clicked_email(request) if request is not None else None
    if came_from is None or not may_count(came_from[0]):
        return
    record_email_add(request, getattr(request, "basket", None), email_key=came_from[0], clicked_at=came_from[1],
                     product=product)
