"""Dashboard refunds: a merchandiser refunds all or part of a card payment."""
import re
from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseForbidden
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST
from oscar.core.loading import get_model

from . import ledger
from . import stripe_gateway as gateway
from .models import Payment

Order = get_model("order", "Order")


def _refused(request, order, message, status=400):
    return render(request, "payments/refund_refused.html", {"order": order, "message": message}, status=status)


@login_required
@require_POST
def refund_order(request, number):
    if not (request.user.is_staff and request.user.has_perm("order.change_order")):
        return HttpResponseForbidden("Only merchandisers may refund orders.")
    order = get_object_or_404(Order, number=number)
    payment = Payment.objects.filter(order_number=number, status=Payment.Status.SUCCEEDED).first()
    if payment is None:
        return _refused(request, order, "This order has no settled card payment to refund.")
    key = request.POST.get("refund_key", "")
    if not re.fullmatch(r"[\w-]{8,64}", key):
        return _refused(request, order, "The refund form has expired; open the order again and retry.")
    try:
        amount = Decimal(request.POST.get("amount", "").strip().lstrip("$"))
    except InvalidOperation:
        return _refused(request, order, "Enter the amount to refund as a number, e.g. 12.50.")
    try:
        refund = ledger.refund_payment(payment, amount, key=key, user=request.user)
    except ledger.RefundRefused as exc:
        return _refused(request, order, str(exc))
    except gateway.GatewayError as exc:
        return _refused(request, order, f"Stripe did not make the refund: {exc}", status=502)
    messages.success(request, f"Refunded ${refund.amount} of order {number} to the customer's card.")
    return redirect("dashboard:order-detail", number=number)
