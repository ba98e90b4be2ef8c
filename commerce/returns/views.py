"""The customer's side of a return: asking for one, and printing the return slip.

A signed-in customer asks from their order page; anyone else's order answers 404, as
Oscar's order page does. A guest asks from the order look-up (/shop/track/): finding the
order there by number and email is their proof, kept in the session
(commerce.order.tracking.proven_order); without it the page answers 404 too. The slip
is shown to the same people, and to merchandisers.
"""
import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from oscar.core.loading import get_model

from commerce.order.tracking import proven_order

from .forms import ReturnRequestForm
from .models import ReturnRequest
from .rules import ReturnRefused, order_refusal, returnable, window_closes
from .steps import request_return

Order = get_model("order", "Order")

RMA = re.compile(r"^RMA-(\d{1,9})$")


def _page(request, order, form, *, refusal=None, status=200):
    context = {"order": order, "form": form, "refusal": refusal, "window_closes": window_closes(order),
               "guest": not (request.user.is_authenticated and order.user_id == request.user.pk)}
    return render(request, "returns/request.html", context, status=status)


def _ask(request, order):
    refusal = order_refusal(order)
    form = ReturnRequestForm(returnable(order), request.POST or None)
    if refusal:
        return _page(request, order, form, refusal=refusal, status=400)
    if request.method == "GET":
        return _page(request, order, form)
    if not form.is_valid():
        return _page(request, order, form, status=400)
    by = request.user if request.user.is_authenticated else None
    try:
        ret = request_return(order, form.wanted(), form.cleaned_data["reason"], form.cleaned_data["note"], by=by,
                             exchanges=form.exchanges())
    except ReturnRefused as exc:
        form.add_error(None, str(exc))
        return _page(request, order, form, status=400)
    messages.success(request, f"We have your return request {ret.rma}. We'll email you once it's approved; "
                              "then print this slip and put it in the parcel.")
    return redirect("returns:slip", rma=ret.rma)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def ask_for_customer(request, order_number):
    order = get_object_or_404(Order, number=order_number, user=request.user)
    return _ask(request, order)


@never_cache
@require_http_methods(["GET", "POST"])
def ask_for_guest(request, order_number):
    order = proven_order(request, order_number)
    if order is None:
        raise Http404("Look the order up by its number and email address first.")
    return _ask(request, order)


def may_see(request, order):
    user = request.user
    if user.is_authenticated and order.user_id == user.pk:
        return True
    if user.is_staff and user.has_perm("returns.view_returnrequest"):
        return True
    return proven_order(request, order.number) is not None


@never_cache
@require_http_methods(["GET"])
def slip(request, rma):
    match = RMA.match(rma)
    if not match:
        raise Http404("No such return.")
    ret = ReturnRequest.objects.select_related("order").filter(number=int(match.group(1))).first()
    if ret is None or not may_see(request, ret.order):
        if not request.user.is_authenticated:
            # A guest from the email link: the look-up is their proof. Said whether or not
            # the RMA exists, so the answer tells a stranger nothing.
            messages.info(request, f"To see the slip for {rma}, look your order up by its number and email address, "
                                   "then open the return from the order.")
            return redirect("order-tracking")
        raise Http404("No such return.")
    return render(request, "returns/slip.html", {"ret": ret, "order": ret.order,
                                                 "lines": ret.lines.select_related("line")})
