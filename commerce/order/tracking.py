"""/shop/track/: a guest finds their order by its number and email address.

The answer for a wrong email is word for word the answer for an order that doesn't
exist, so the page can't be used to learn which order numbers are real. Look-ups are
rate-limited per client address by security/ratelimit.py (settings.RATE_LIMITS
"order_lookup"), which answers 429 before this view runs.
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
    # The guest has shown the order's email: its order-status page and documents open in this
    # session, as after Oscar's own order-status form (commerce/invoicing/views.py).
    request.session["anon_order_email"] = order.email
    return render(request, "oscar/customer/order/track.html", {"form": OrderLookupForm(), "order": order})
