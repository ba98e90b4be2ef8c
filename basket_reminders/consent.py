"""A guest's answer to "Email me a reminder if I leave my basket" (checkout's email step).

Unticked by default; ticking it stores the address with the basket, unticking it on a later
visit to the step removes it again. Signed-in shoppers aren't asked: their baskets are
reminded unless their address opted out (newsletter.preferences).
"""
from .models import ReminderConsent

CONSENT_LABEL = "Email me a reminder if I leave my basket"


def record_guest_choice(basket, email, agreed):
    if basket is None or basket.id is None:
        return
    if agreed:
        ReminderConsent.objects.update_or_create(basket_id=basket.id, defaults={"email": email.strip().lower()})
    else:
        ReminderConsent.objects.filter(basket_id=basket.id).delete()
