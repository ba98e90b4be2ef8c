"""The one place a rendered newsletter becomes one recipient's email.

newsletter.rendering renders a send's body once; each recipient's copy is made here.
"""
from functools import lru_cache

from .preferences import preferences_url, unsubscribe_headers, unsubscribe_url
from .rendering import PREFERENCES, UNSUBSCRIBE, render_newsletter


class Tracking:
    """Open and click tracking, when an app provides it (email_tracking registers itself in
    its AppConfig.ready). It depends on this app's preferences, so this app never imports it."""

    instrument = None  # (html, *, key, email) -> html with tracked links and an open pixel
    figures = None  # (key_prefix) -> {"opened", "clicked", "unsubscribed", "revenue", ...}

    @classmethod
    def register(cls, *, instrument, figures):
        cls.instrument, cls.figures = staticmethod(instrument), staticmethod(figures)


def personalise(body, *, key, email, tracked=False):
    """`body` (the HTML or the text part) of a rendered newsletter, made this recipient's own.

    Fills the recipient's signed one-click unsubscribe link (carrying `key`, the outbox key
    of this very email, so the send can count the opt-outs it caused) and preferences link.
    With `tracked` (the HTML part of a real send), the registered tracker then rewrites its
    links and adds its pixel, unless the address refused tracking. Everything per recipient
    goes through this function and nothing else; keep it a string transformation, because a
    send of 50,000 runs it 100,000 times (HTML and text).
    """
    unsubscribe, preferences = _links(email, key)
    body = body.replace(UNSUBSCRIBE, unsubscribe).replace(PREFERENCES, preferences)
    if tracked and key and Tracking.instrument is not None:
        body = Tracking.instrument(body, key=key, email=email)
    return body


def headers(email, key):
    """The List-Unsubscribe headers carrying the very link `personalise` put in the body."""
    return unsubscribe_headers(_links(email, key)[0])


@lru_cache(maxsize=64)  # the HTML and the text part of one email sign the same two links
def _links(email, key):
    return unsubscribe_url(email, "newsletter", key), preferences_url(email)


def preview(newsletter, request):
    """The HTML an editor previews: the newsletter as it would be sent now, with their own links."""
    return personalise(render_newsletter(newsletter).html, key="preview", email=request.user.email)
