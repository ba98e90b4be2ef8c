"""The steps of a return, each all or nothing: request, approve or reject, receive, refund.

Every step locks what it changes (the order when a return is asked for, so two requests
can't both take the last returnable unit; the return itself after that), checks the
return is at the step before, records a ReturnStep with who and a note (the order's
timeline) and queues the customer's email (emails.py) in the same transaction. Asking
for the step a return already took is a no-op, so a form sent twice acts once. Anything
refused raises ReturnRefused with the sentence to show.
"""
from django.db import transaction
from oscar.core.loading import get_model

from commerce.invoicing.numbering import advance, locked_counter
from commerce.order.versions import variant_name
from commerce.partner.stock import restock

from .emails import send_step_email
from .exchanges import (
    charge_saved_card,
    check_exchange,
    credit_exchange,
    exchange_note,
    place_replacement,
    send_exchange_email,
)
from .models import ReturnLine, ReturnRequest, ReturnStep
from .refunds import ZERO, goods_value, refund_due
from .rules import ReturnRefused, check_quantities, order_refusal

Order = get_model("order", "Order")
RMA_SERIES = "RMA"
Status = ReturnRequest.Status


def next_rma_number():
    """The next RMA number, from the shop's gap-free document counters (its row locked until the
    transaction ends, so numbers never repeat)."""
    return advance(locked_counter(RMA_SERIES))


def _record(request, status, by, note=""):
    request.status = status
    request.save()
    ReturnStep.objects.create(request=request, order_id=request.order_id, status=status, by=by, note=note[:500])
    send_step_email(request, status)
    return request


def _locked(request):
    return ReturnRequest.objects.select_for_update().select_related("order").get(pk=request.pk)


def _expect(request, *statuses):
    if request.status not in statuses:
        raise ReturnRefused(f"Return {request.rma} is {request.get_status_display().lower()}: "
                            "that step can't be taken now.")


def request_return(order, wanted, reason, note="", by=None, exchanges=None):
    """A customer asks to return `wanted` ({order line id: units}) for `reason`; returns the ReturnRequest.

    `exchanges` ({order line id: product id}) asks for another variant instead of a refund (exchanges.py).
    """
    exchanges = exchanges or {}
    with transaction.atomic():
        order = Order.objects.select_for_update().get(pk=order.pk)
        refusal = order_refusal(order)
        if refusal:
            raise ReturnRefused(refusal)
        chosen = check_quantities(order, wanted)
        request = ReturnRequest.objects.create(number=next_rma_number(), order=order, reason=reason,
                                               note=note.strip(), requested_by=by)
        swaps = {line: check_exchange(line, exchanges[line.pk], units)
                 for line, units in chosen.items() if exchanges.get(line.pk)}
        ReturnLine.objects.bulk_create(ReturnLine(request=request, line=line, quantity=units,
                                                  exchange_for=swaps.get(line))
                                       for line, units in chosen.items())
        summary = ", ".join(f"{units} × {line.title}"
                            + (f" (exchange for {variant_name(swaps[line])})" if line in swaps else "")
                            for line, units in chosen.items())
        return _record(request, Status.REQUESTED, by, f"{summary} ({request.get_reason_display()})")


def decide(request, approve, by, note=""):
    """Approve or reject a requested return, with the merchandiser's note (shown to the customer)."""
    status = Status.APPROVED if approve else Status.REJECTED
    with transaction.atomic():
        request = _locked(request)
        if request.status == status:
            return request
        _expect(request, Status.REQUESTED)
        note = note.strip()
        if not approve and not note:
            raise ReturnRefused("Say why the return is rejected: the customer reads this note.")
        request.decision_note = note
        return _record(request, status, by, note)


def receive(request, counts, by):
    """Book the parcel in: `counts` is {return line id: (units restocked, units written off)}.

    Exchanged units get their replacement order in the same transaction; a difference
    the customer owes is charged to their saved card only after it commits (exchanges.py).
    """
    with transaction.atomic():
        request = _locked(request)
        if request.status in (Status.RECEIVED, Status.REFUNDED):
            return request
        _expect(request, Status.APPROVED)
        lines = list(request.lines.select_related("line__product__product_class", "line__product__parent",
                                                  "exchange_for"))
        problems = []
        for rl in lines:
            back, off = counts.get(rl.pk, (0, 0))
            if back < 0 or off < 0 or back + off > rl.quantity:
                problems.append(f"“{rl.line.title}”: {rl.quantity} came back at most, so restocked plus "
                                "written off must be between 0 and that.")
            rl.restocked, rl.written_off = back, off
        if problems:
            raise ReturnRefused(" ".join(problems))
        if not any(rl.received for rl in lines):
            raise ReturnRefused("Enter how many units came back (restocked or written off) for at least one line.")
        for rl in lines:
            rl.value_received = goods_value(rl)
        write_replacement = place_replacement(request, lines)
        ReturnLine.objects.bulk_update(lines, ["restocked", "written_off", "value_received", "replacement_value"])
        restock({rl.line: rl.restocked for rl in lines})
        due = refund_due(request)
        if write_replacement is not None:
            request.exchange_owed = max(-due.total, ZERO)
            request.replacement = write_replacement(request.exchange_owed)
            credit_exchange(request)
        note = "; ".join(f"{rl.line.title}: {rl.restocked} restocked, {rl.written_off} written off"
                         for rl in lines if rl.received)
        request = _record(request, Status.RECEIVED, by, note)
    if request.replacement_id:
        charged = charge_saved_card(request)
        with transaction.atomic():
            ReturnStep.objects.create(request=request, order_id=request.order_id, status=Status.RECEIVED, by=by,
                                      note=exchange_note(request, charged, due.total))
            send_exchange_email(request, charged, due.total)
    return request


def refund(request, by):
    """Refund what a received return is due (refunds.py) to the card, through the payment ledger, once."""
    from commerce.payments import ledger
    from commerce.payments import stripe_gateway as gateway
    from commerce.payments.models import Payment

    with transaction.atomic():
        request = _locked(request)
        if request.status == Status.REFUNDED:
            return request
        _expect(request, Status.RECEIVED)
        due = refund_due(request)
        if due.total <= 0:
            raise ReturnRefused(f"Nothing is due for return {request.rma}.")
        payment = Payment.objects.filter(order_number=request.order.number,
                                         status=Payment.Status.SUCCEEDED).first()
        if payment is None:
            raise ReturnRefused(f"Order {request.order.number} has no settled card payment to refund; "
                                "refund it another way.")
        try:
            ledger.refund_payment(payment, due.total, key=f"return-{request.rma}", user=by)
        except (gateway.GatewayError, ledger.RefundRefused) as exc:
            raise ReturnRefused(f"The refund of ${due.total} for {request.rma} failed ({exc}). "
                                "Nothing was changed; try again.") from exc
        request.amount_refunded, request.tax_refunded, request.shipping_refunded = due.total, due.tax, due.shipping
        return _record(request, Status.REFUNDED, by, f"Refunded ${due.total} to the card")
