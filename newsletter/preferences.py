"""What each address agreed to receive, and the signed links every marketing email carries.

Three kinds of consent, one row per address (newsletter.Subscriber):

- "newsletter": only a confirmed subscription (double opt-in) receives it;
- "reminders": basket reminders. Allowed unless the address opted out; a guest's basket is
  reminded only when the guest also agreed at checkout (the reminder code checks that);
- "tracking": opens and clicks of marketing email are counted unless the address said no.

Every marketing email carries a one-click unsubscribe link for its own kind (also as the
List-Unsubscribe headers of RFC 2369 / RFC 8058, which mail clients show as a button) and a
link to the preferences page. Both are signed with SECRET_KEY, carry the address, and never
expire, so an old email can always stop the next one; neither can be forged for another
address. The unsubscribe link also carries the outbox key of the email it came in, so a send
can count the opt-outs it caused.
"""
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from .models import Subscriber
from .subscriptions import absolute, request_subscription

KINDS = ("newsletter", "reminders", "tracking")
UNSUBSCRIBE_SALT = "newsletter.unsubscribe"
PREFERENCES_SALT = "newsletter.preferences"


def _normal(email):
    return email.strip().lower()


def allows(email, kind):
    """Whether `email` may receive (or, for "tracking", be counted in) this kind of marketing."""
    if kind not in KINDS:
        raise ValueError(f"Unknown kind of marketing consent: {kind}")
    subscriber = Subscriber.objects.filter(email=_normal(email)).first()
    if kind == "newsletter":
        return subscriber is not None and subscriber.status == Subscriber.Status.SUBSCRIBED
    return subscriber is None or getattr(subscriber, kind)


def opted_out(kind):
    """Addresses that refused `kind`, as a queryset of emails (for excluding from an audience)."""
    if kind == "newsletter":
        return Subscriber.objects.exclude(status=Subscriber.Status.SUBSCRIBED).values("email")
    return Subscriber.objects.filter(**{kind: False}).values("email")


def set_preferences(email, *, user=None, via="", **choices):
    """Record the address's choices (newsletter=False opts out of it; newsletter=True is not
    accepted here: subscribing needs the confirmation link of newsletter.subscriptions)."""
    unknown = set(choices) - set(KINDS)
    if unknown or choices.get("newsletter") is True:
        raise ValueError(f"Not a preference that can be set here: {sorted(unknown) or 'newsletter=True'}")
    now = timezone.now()
    with transaction.atomic():
        subscriber, _ = Subscriber.objects.select_for_update().get_or_create(
            email=_normal(email), defaults={"user": user, "requested_at": now, "status": Subscriber.Status.NEVER})
        if choices.pop("newsletter", None) is False and subscriber.status != Subscriber.Status.UNSUBSCRIBED:
            subscriber.status, subscriber.unsubscribed_at = Subscriber.Status.UNSUBSCRIBED, now
            subscriber.unsubscribed_via = via[:200]
        for kind, allowed in choices.items():
            setattr(subscriber, kind, bool(allowed))
        subscriber.user = subscriber.user or user
        subscriber.changed_at = now
        subscriber.save()
    return subscriber


def unsubscribe_url(email, kind="newsletter", key=""):
    """The one-click link that stops `kind` for `email`; `key` names the email it is sent in."""
    token = signing.dumps({"e": _normal(email), "k": kind, "m": key}, salt=UNSUBSCRIBE_SALT, compress=True)
    return absolute(reverse("newsletter:unsubscribe", args=[token]))


def read_unsubscribe(token):
    """(email, kind, key) from an unsubscribe link, or None if it was forged.

    Links mailed before kinds existed carry the bare address and stop the newsletter."""
    try:
        payload = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    if isinstance(payload, str):
        return payload, "newsletter", ""
    if not isinstance(payload, dict) or payload.get("k") not in KINDS or not isinstance(payload.get("e"), str):
        return None
    return payload["e"], payload["k"], str(payload.get("m", ""))


def unsubscribe(token):
    """Honour an unsubscribe link at once; the address's row, or None if the link was forged."""
    read = read_unsubscribe(token)
    if read is None:
        return None
    email, kind, key = read
    return set_preferences(email, via=key, **{kind: False})


def preferences_url(email):
    return absolute(reverse("newsletter:manage", args=[preferences_token(email)]))


def preferences_token(email):
    return signing.dumps(_normal(email), salt=PREFERENCES_SALT)


def read_preferences_token(token):
    try:
        return signing.loads(token, salt=PREFERENCES_SALT)
    except signing.BadSignature:
        return None


def choose(email, *, newsletter, reminders, tracking, user=None):
    """The preferences page's three answers. Ticking the newsletter for an address not yet
    subscribed emails it a confirmation link (what the message shown says); unticking opts out."""
    subscriber = set_preferences(email, user=user, reminders=reminders, tracking=tracking)
    if newsletter and subscriber.status != Subscriber.Status.SUBSCRIBED:
        request_subscription(email, user=user)
        return "confirming"
    if not newsletter and subscriber.status in (Subscriber.Status.SUBSCRIBED, Subscriber.Status.PENDING):
        set_preferences(email, user=user, newsletter=False)
    return "saved"


def current(email):
    """The page's starting answers for `email`."""
    return {"email": _normal(email), "newsletter": allows(email, "newsletter"),
            "reminders": allows(email, "reminders"), "tracking": allows(email, "tracking")}


def unsubscribe_headers(url):
    """The List-Unsubscribe headers for an unsubscribe link already in the email's body (a link
    is signed with the time, so the body and the headers must share one)."""
    return {"List-Unsubscribe": f"<{url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
