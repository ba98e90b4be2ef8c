"""The one place a rendered newsletter becomes one recipient's email.

newsletter.rendering renders a send's body once; each recipient's copy is made here.
"""
from functools import lru_cache

from .preferences import preferences_url, unsubscribe_url
from .rendering import PREFERENCES, UNSUBSCRIBE


def personalise(html, *, key, email):
    """`html` (or the text part) of a rendered newsletter, made this recipient's own.

    Fills the recipient's signed one-click unsubscribe link (carrying `key`, the outbox key
    of this very email, so the send can count the opt-outs it caused) and preferences link.

    This is the seam for open/click tracking: a tracker plugs in here, after the links
    are filled, rewriting links and adding its pixel per recipient with `key` naming the
    email. Everything per recipient goes through this function and nothing else; keep it
    a string transformation (no queries per recipient beyond what it needs), because a
    send of 50,000 runs it 100,000 times (HTML and text).
    """
    unsubscribe, preferences = _links(email, key)
    return html.replace(UNSUBSCRIBE, unsubscribe).replace(PREFERENCES, preferences)


@lru_cache(maxsize=64)  # the HTML and the text part of one email sign the same two links
def _links(email, key):
    return unsubscribe_url(email, "newsletter", key), preferences_url(email)
