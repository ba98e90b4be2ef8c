"""After a guest order: "create an account" adopts the order into the new account.

Only the order this browser just placed (its id is in the session) can be adopted, and
only by an account created for the order's own email address: an email that already
has an account must sign in instead, so nobody can claim someone else's orders. The new
account is announced and welcomed as any registration is (Oscar's signal and email).
"""
from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST
from oscar.apps.customer.forms import EmailUserCreationForm
from oscar.core.loading import get_class, get_model

Order = get_model("order", "Order")
RegisterUserMixin = get_class("customer.mixins", "RegisterUserMixin")


class Registration(RegisterUserMixin):
    """Oscar's own registration steps (signal, welcome email, sign-in), outside its view."""

    def __init__(self, request):
        self.request = request


def guest_order(request):
    order_id = request.session.get("checkout_order_id")
    return Order.objects.filter(pk=order_id, user=None).exclude(guest_email="").first() if order_id else None


def account_form(order, data=None):
    form = EmailUserCreationForm(data={**data.dict(), "email": order.guest_email} if data is not None else None,
                                 initial={"email": order.guest_email})
    form.fields["email"].disabled = True
    return form


@require_POST
def create_account(request):
    order = guest_order(request)
    if order is None:
        return render(request, "oscar/checkout/guest_account_refused.html", status=400)
    form = account_form(order, request.POST)
    if not form.is_valid():
        return render(request, "oscar/checkout/guest_account.html", {"order": order, "account_form": form},
                      status=400)
    user = Registration(request).register_user(form)  # saved, announced, welcomed, signed in
    order.user = user
    order.save(update_fields=["user"])
    messages.success(request, f"Your account is ready and order {order.number} is in your order history.")
    return redirect("customer:order", order_number=order.number)
