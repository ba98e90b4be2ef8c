"""What the customer is told at each step of a return, through the order's email path.

Each step's email is an event type merchandisers edit at /shop/dashboard/comms/
(RETURN_REQUESTED, RETURN_APPROVED, RETURN_REJECTED, RETURN_RECEIVED), sent by
commerce.order.emails.send_order_email with the outbox key "return:<RMA>:<step>", so a
step recorded twice emails once. The refund's email is the payment ledger's own "Refund
of $X for order N" (ORDER_REFUNDED), sent when the money goes back: one email per refund.
Templates see plain values only (commerce/communication/context.py), named here.
"""
from django.conf import settings
from django.urls import reverse

from commerce.order.emails import send_order_email

STEP_EMAILS = {
    "requested": "RETURN_REQUESTED",
    "approved": "RETURN_APPROVED",
    "rejected": "RETURN_REJECTED",
    "received": "RETURN_RECEIVED",
}


def slip_path(request):
    return reverse("returns:slip", kwargs={"rma": request.rma})


def send_step_email(request, status):
    code = STEP_EMAILS.get(status)
    if code is None:
        return
    items = [f"{rl.quantity} × {rl.line.title}" for rl in request.lines.select_related("line")]
    send_order_email(
        request.order, code, key=f"return:{request.rma}:{status}",
        rma=request.rma, reason=request.get_reason_display(), customer_note=request.note,
        decision_note=request.decision_note, items=items,
        slip_url=f"{settings.WAGTAILADMIN_BASE_URL.rstrip('/')}{slip_path(request)}")
