"""A second "Place order" for a basket that became an order shows that order.

A double click, a reload of the confirmation POST, or twenty impatient clicks at once
must neither charge again nor give back the money that paid for the order. Two ways a
later click can arrive:

- while the first is still running: it has the same basket, and waits on the basket's
  row lock (`lock_basket`) until the first commits; then the basket has an order;
- after the first committed: the shopper's basket is already a new, empty one, so the
  click names the basket it was for (a hidden field of the place-order form).

Either way the viewer is sent to that order's thank-you page, but only when the order is
provably theirs: their account's, or for a guest, the basket their signed basket cookie
names. Anyone else's basket number is ignored.
"""
from django.conf import settings
from django.core.signing import BadSignature, Signer
from oscar.core.loading import get_model

Basket = get_model("basket", "Basket")
Order = get_model("order", "Order")

ALREADY_PLACED = "This order was already placed; you were not charged again."


def lock_basket(basket):
    """Wait for any other "Place order" of this basket to finish (row lock until commit)."""
    list(Basket.objects.select_for_update().filter(pk=basket.pk).values_list("pk"))


def order_of(basket_id):
    return Order.objects.filter(basket_id=basket_id).first() if basket_id else None


def _cookie_basket_id(request):
    value = request.COOKIES.get(settings.OSCAR_BASKET_COOKIE_OPEN, "")
    try:
        return int(Signer().unsign(value)) if value else None
    except (BadSignature, ValueError):
        return None


def placed_order_for_click(request):
    """The order the posted basket became, if it is the viewer's; None otherwise."""
    posted = request.POST.get("basket_id", "")
    if not posted.isdigit():
        return None
    order = order_of(int(posted))
    if order is None:
        return None
    if request.user.is_authenticated:
        return order if order.user_id == request.user.pk else None
    return order if order.user_id is None and _cookie_basket_id(request) == order.basket_id else None
