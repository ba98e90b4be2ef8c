"""The add-to-basket link of a product in a newsletter, which works from a mail app.

A mail app can only open a link, not post a form, so this is a GET that changes the basket.
It is safe because the link is signed with SECRET_KEY and names one product: nobody can
make a link that adds anything the shop didn't mail, and the worst a stranger can do with a
link from their own newsletter is put that one product in a visitor's basket, where it is
shown and can be removed. A parent product (sold in versions) never gets one: the shopper
chooses a version on its page. The price is the basket's own, read when the link is opened.
"""
from django.contrib import messages
from django.core import signing
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET
from oscar.apps.basket.signals import basket_addition
from oscar.core.loading import get_model

from commerce.order.versions import variant_name
from content.recipes import buyable

from .subscriptions import absolute

Product = get_model("catalogue", "Product")
SALT = "newsletter.add-to-basket"


def add_to_basket_url(product):
    token = signing.dumps({"p": product.pk}, salt=SALT, compress=True)
    return absolute(reverse("newsletter:add_to_basket", args=[token]))


def read(token):
    """The product id a link names, or None when it was not signed by the shop."""
    try:
        payload = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    pk = payload.get("p") if isinstance(payload, dict) else None
    return pk if isinstance(pk, int) else None


def _refused(request, message, status, product=None):
    return render(request, "newsletter/link_refused.html",
                  {"message": message, "product_url": product.get_absolute_url() if product else ""}, status=status)


@require_GET
def add_to_basket(request, token):
    pk = read(token)
    if pk is None:
        return _refused(request, "This add-to-basket link is not one of ours. Use the button in the email itself, "
                                 "or find the product in the shop.", 400)
    product = Product.objects.filter(pk=pk, is_public=True).first()
    if product is None:
        return _refused(request, "This product is no longer sold in our shop.", 404)
    if product.is_parent:  # a link made before the product got versions: choose one on its page
        messages.info(request, f"{product.get_title()} comes in several versions: choose yours.")
        return redirect(product.get_absolute_url())
    basket = request.basket
    if buyable(product, 1, basket) is None:
        return _refused(request, f"Sorry, {variant_name(product)} is sold out now, so nothing was added to your "
                                 "basket.", 409, product)
    allowed, reason = basket.is_quantity_allowed(1)
    if not allowed:
        return _refused(request, reason, 409, product)
    basket.add_product(product, 1)
    basket_addition.send(sender=add_to_basket, product=product, user=request.user, request=request)
    messages.success(request, f"{variant_name(product)} is in your basket, from our newsletter.")
    return redirect("basket:summary")
