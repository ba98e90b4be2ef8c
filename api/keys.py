"""Making, hashing and checking API keys.

A key is `ll_<prefix>_<secret>`: 8 lookup characters and 32 random bytes. It is stored as a
SHA-256 of the whole key (the key is random and long, so a slow hash adds nothing) and
compared with hmac.compare_digest so timing says nothing about how much matched.
"""
import hashlib
import hmac
import secrets
from datetime import timedelta

from django.utils import timezone

from .models import ApiKey

#: Seconds between two writes of a key's last-used time: a busy integration isn't a write per request.
LAST_USED_EVERY = timedelta(seconds=60)


def digest(key):
    return hashlib.sha256(key.encode()).hexdigest()


def create_key(*, name, scopes, user):
    """Store a new key and return (ApiKey, the full key: shown once, never stored)."""
    prefix = secrets.token_hex(4)
    full = f"ll_{prefix}_{secrets.token_urlsafe(32)}"
    key = ApiKey.objects.create(name=name, prefix=prefix, hashed_key=digest(full), scopes=list(scopes),
                                created_by=user)
    return key, full


def revoke_key(key, *, user):
    if key.revoked_at is None:
        key.revoked_at, key.revoked_by = timezone.now(), user
        key.save(update_fields=["revoked_at", "revoked_by"])


def find_key(full):
    """The active ApiKey for this key text, or None (wrong, malformed or revoked)."""
    parts = (full or "").split("_")
    if len(parts) < 3 or parts[0] != "ll":
        return None
    key = ApiKey.objects.filter(prefix=parts[1], revoked_at=None).first()
    if key is None or not hmac.compare_digest(key.hashed_key, digest(full)):
        return None
    now = timezone.now()
    if key.last_used_at is None or now - key.last_used_at > LAST_USED_EVERY:
        ApiKey.objects.filter(pk=key.pk).update(last_used_at=now)
        key.last_used_at = now
    return key
