"""The customer's "Saved cards" account page: see the cards kept at Stripe and remove one.

Wired into the account URLs by commerce/customer/apps.py. Another account's card id is a
404, as for every other object in someone else's account.
"""
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from . import saved_cards
from . import stripe_gateway as gateway


@never_cache
def saved_card_list(request):
    return render(request, "oscar/customer/saved_cards.html", {
        "cards": saved_cards.cards_of(request.user), "page_title": "Saved cards", "active_tab": "saved_cards",
    })


@require_POST
def remove_saved_card(request, pk):
    card = get_object_or_404(saved_cards.cards_of(request.user), pk=pk)
    try:
        saved_cards.remove_card(card)
    except gateway.GatewayError:
        messages.error(request, "Our card processor did not answer, so the card is still saved. Please try again.")
        return redirect("customer:saved-cards")
    messages.success(request, f"{card} has been removed; it can't be used again unless you enter it anew.")
    return redirect("customer:saved-cards")
