"""/shop/track/: a guest finds their order by its number and email address.

The answer for a wrong email is word for word the answer for an order that doesn't
exist, so the page can't be used to learn which order numbers are real. Look-ups are
rate-limited per client address by security/ratelimit.py (settings.RATE_LIMITS
"order_lookup"), which answers 429 before this view runs.

A look-up that finds the order is the guest's proof that it is theirs: the order number
is kept in their session (`remember_proof`), and pages that act on a guest's order (a
return, commerce/returns) ask `proven_order` instead of asking for the email again.
"""
from django import forms
from django.db.models import Q
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from oscar.core.loading import get_model

Order = get_model("order", "Order")

NOT_FOUND = ("We couldn't find an order with that number and email address. "
             "Check both against your order confirmation email.")


class OrderLookupForm(forms.Form):
    order_number = forms.CharField(max_length=128, label="Order number",
                                   error_messages={"required": "Enter your order number."})
    email = forms.EmailField(label="Email address used for the order",
                             error_messages={"required": "Enter the email address you ordered with.",
                                             "invalid": "Enter a valid email address."})


PROVEN_ORDERS = "proven_orders"
MAX_PROVEN = 10


OSCAR_GUEST_EMAIL = "anon_order_email"  # what Oscar's guest order page (and its documents) ask the session for


def remember_proof(request, order):
    """This session has shown it knows the order's number and email (the last few orders only).

    The email is also kept where Oscar's guest order page looks for it, so that page and the
    invoice and credit notes it links (commerce/invoicing/views.py) open without asking again.
    """
    proven = [n for n in request.session.get(PROVEN_ORDERS, []) if n != order.number]
    request.session[PROVEN_ORDERS] = (proven + [order.number])[-MAX_PROVEN:]
    request.session[OSCAR_GUEST_EMAIL] = order.email


def proven_order(request, number):
    """The order if this session looked it up by number and email, else None."""
    if number not in request.session.get(PROVEN_ORDERS, []):
        return None
    return Order.objects.filter(number=number).select_related("user").first()


def find_order(number, email):
    return (Order.objects.filter(number=number.strip())
            .filter(Q(user=None, guest_email__iexact=email) | Q(user__email__iexact=email))
            .select_related("user").first())


@never_cache
@require_http_methods(["GET", "POST"])
def track_order(request):
    if request.method == "GET":
        return render(request, "oscar/customer/order/track.html", {"form": OrderLookupForm()})
    form = OrderLookupForm(request.POST)
    if not form.is_valid():
        return render(request, "oscar/customer/order/track.html", {"form": form}, status=400)
    order = find_order(form.cleaned_data["order_number"], form.cleaned_data["email"])
    if order is None:
        return render(request, "oscar/customer/order/track.html", {"form": form, "error": NOT_FOUND}, status=404)
    remember_proof(request, order)
    return render(request, "oscar/customer/order/track.html", {"form": OrderLookupForm(), "order": order})
