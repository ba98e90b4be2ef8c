"""Opening a reminder's restore link.

- A guest's basket becomes this browser's basket (a new browser, another device): the
  basket this browser already holds is merged into it the way Oscar merges baskets at
  sign-in (no quantities added up), or simply replaced when it is empty. Someone signed in
  gets it merged into their own basket by Oscar at the next page.
- A signed-in shopper's basket is shown only to that account: signed out, the link asks to
  sign in first and comes back; signed in as another account, it is refused (403), and
  nothing about the basket or its owner is shown.
- A forged or altered link: 400. A basket already ordered, emptied or merged away: a page
  saying so, with a link to the shop (410).
"""
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.signing import Signer
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from oscar.core.loading import get_class, get_model

from .links import BadLink, read_restore_token

Basket = get_model("basket", "Basket")
BasketMiddleware = get_class("basket.middleware", "BasketMiddleware")


def _problem(request, status, title, message):
    return render(request, "basket_reminders/restore_problem.html", {"title": title, "message": message},
                  status=status)


@never_cache
def restore(request, token):
    try:
        basket_id, _number = read_restore_token(token)
    except BadLink as exc:
        return _problem(request, 400, "This link doesn't work", str(exc))
    basket = Basket.objects.filter(pk=basket_id).first()
    if basket is None or basket.status != Basket.OPEN or basket.is_empty:
        return _problem(request, 410, "This basket is no longer waiting",
                        "It has been ordered, emptied or combined with another basket since the email was sent.")
    if basket.owner_id is not None:
        return _restore_account_basket(request, basket)
    return _restore_guest_basket(request, basket)


def _restore_account_basket(request, basket):
    if not request.user.is_authenticated:
        messages.info(request, "Please sign in to see the basket you left.")
        return redirect_to_login(request.get_full_path())
    if request.user.pk != basket.owner_id:
        return _problem(request, 403, "This basket belongs to another account",
                        "You are signed in as someone else. Sign out and sign in with the account the reminder "
                        "was sent to.")
    return redirect("basket:summary")  # Oscar opens the account's basket (merging any other open one)


def _restore_guest_basket(request, basket):
    key = settings.OSCAR_BASKET_COOKIE_OPEN
    if not request.user.is_authenticated:
        middleware = BasketMiddleware(lambda r: None)
        current = middleware.get_cookie_basket(key, request, Basket.open)
        if current is not None and current.pk != basket.pk and not current.is_empty:
            basket.merge(current, add_quantities=False)
    request.cookies_to_delete = [name for name in getattr(request, "cookies_to_delete", []) if name != key]
    messages.success(request, "Here is the basket you left.")
    response = redirect("basket:summary")
    response.set_cookie(key, Signer().sign(basket.pk), max_age=settings.OSCAR_BASKET_COOKIE_LIFETIME,
                        secure=settings.OSCAR_BASKET_COOKIE_SECURE, httponly=True)
    return response
