"""The signed tokens in the pixel's and the redirect's addresses, and the consent check at record time.

Tokens never expire: an old email's links must keep working. A click token signs the URL
with the key, so the redirect goes only where the email linked (never an open redirect).
"""
from django.core import signing
from django.urls import reverse

from newsletter.preferences import allows
from outbox.models import OutgoingEmail

_opens = signing.Signer(salt="email_tracking.open")
_clicks = signing.Signer(salt="email_tracking.click")


def open_path(key):
    return reverse("email_tracking:open", args=[_opens.sign_object(key)])


def click_paths(key):
    """A function url -> the redirect's path for email `key`: the URL pattern is resolved once
    per email, not per link (instrument runs per recipient). Tokens need no quoting: base64
    and ':' only."""
    prefix, _, suffix = reverse("email_tracking:click", args=["TOKEN"]).partition("TOKEN")
    return lambda url: f"{prefix}{_clicks.sign_object([key, url])}{suffix}"


def read_open(token):
    """The outbox key in a pixel token, or None if it was forged."""
    try:
        key = _opens.unsign_object(token)
    except (signing.BadSignature, ValueError):
        return None
    return key if isinstance(key, str) and key else None


def read_click(token):
    """(key, url) from a click token, or None if it was forged or names no web address."""
    try:
        payload = _clicks.unsign_object(token)
    except (signing.BadSignature, ValueError):
        return None
    if not (isinstance(payload, list) and len(payload) == 2 and all(isinstance(p, str) for p in payload)):
        return None
    key, url = payload
    return (key, url) if key and url.lower().startswith(("http://", "https://")) else None


def may_count(key):
    """Whether the email `key` names still exists and its address allows tracking now."""
    to = OutgoingEmail.objects.filter(key=key).values_list("to", flat=True).first()
    return to is not None and allows(to, "tracking")
