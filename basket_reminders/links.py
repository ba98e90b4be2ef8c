"""The restore link in a reminder: signed for one basket (and the reminder it came in).

Signed with SECRET_KEY under its own salt, so it can't be made for another basket, and a
link from any other part of the shop (an unsubscribe link, a confirmation) isn't one. It
works for BASKET_REMINDER_LINK_DAYS; what opening it does is basket_reminders.views.
"""
from django.conf import settings
from django.core import signing
from django.urls import reverse

from newsletter.subscriptions import absolute

SALT = "basket_reminders.restore"


class BadLink(Exception):
    """The link was forged, altered or has expired; the message says which, for the shopper."""


def restore_token(basket_id, number):
    return signing.dumps({"b": basket_id, "r": number}, salt=SALT, compress=True)


def restore_url(basket_id, number):
    return absolute(reverse("basket-reminders:restore", args=[restore_token(basket_id, number)]))


def read_restore_token(token):
    """(basket id, reminder number) from a restore link; BadLink if it isn't one we made or is too old."""
    try:
        payload = signing.loads(token, salt=SALT, max_age=settings.BASKET_REMINDER_LINK_DAYS * 24 * 3600)
    except signing.SignatureExpired as exc:
        raise BadLink("This basket link has expired. Your basket may still be waiting for you in the shop.") from exc
    except signing.BadSignature as exc:
        raise BadLink("This basket link is not valid: it may have been cut short or changed. "
                      "Please open the link from the email again.") from exc
    if not (isinstance(payload, dict) and isinstance(payload.get("b"), int) and payload.get("r") in (1, 2)):
        raise BadLink("This basket link is not valid. Please open the link from the email again.")
    return payload["b"], payload["r"]
