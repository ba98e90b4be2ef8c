"""Gap-free document numbers, safe with many web and Celery workers at once.

A number is taken by locking its series' counter row (SELECT ... FOR UPDATE), adding one
and writing the document in the same transaction: a second worker waits for the first to
commit, then reads the counter it left. If the transaction rolls back, the counter rolls
back with it, so no number is skipped. The first number of a year creates the row; two
workers creating it at once meet on its unique series name, and get_or_create then reads
(and locks) the row the other made. Return slips take their RMA numbers from the same
mechanism (one series, "RMA", never restarting: commerce/returns/steps.py).
"""
from django.db import transaction
from django.utils import timezone

from .models import CreditNote, Invoice, NumberSeries

INVOICE_PREFIX = "INV"
CREDIT_NOTE_PREFIX = "CN"


def locked_counter(series):
    """The counter row of a series, made on its first use, locked until the transaction ends."""
    return NumberSeries.objects.select_for_update().get_or_create(series=series)[0]


def locked_series(prefix, when=None):
    """The counter row of `prefix`'s series for the year of `when` (now), locked until commit."""
    return locked_counter(f"{prefix}-{timezone.localtime(when).year}")


def advance(counter):
    """The next number of a locked counter, in the transaction that stores what it numbers."""
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last


def take_number(counter):
    """The next number of a locked series as printed, e.g. "INV-2026-000042"."""
    return f"{counter.series}-{advance(counter):06d}"


def issue_invoice(order):
    """The order's invoice, numbered now if it has none yet; safe to call twice, or at once."""
    with transaction.atomic():
        existing = Invoice.objects.filter(order=order).first()
        if existing is not None:
            return existing
        now = timezone.now()
        counter = locked_series(INVOICE_PREFIX, now)
        # Looked at again under the series lock: a worker that numbered this order while we
        # waited has committed by now (each statement reads afresh), and its invoice stands.
        existing = Invoice.objects.filter(order=order).first()
        if existing is not None:
            return existing
        return Invoice.objects.create(order=order, number=take_number(counter), issued_at=now)


def _numbered_credit_note(order, **fields):
    """A new credit note against `order`'s invoice (issued first if the order has none yet)."""
    invoice = issue_invoice(order)
    now = timezone.now()
    counter = locked_series(CREDIT_NOTE_PREFIX, now)
    return CreditNote.objects.create(invoice=invoice, number=take_number(counter), issued_at=now, **fields)


def issue_credit_note(refund, order):
    """The refund's credit note against `order`'s invoice; safe to call twice."""
    with transaction.atomic():
        existing = CreditNote.objects.filter(refund=refund).first()
        if existing is not None:
            return existing
        return _numbered_credit_note(order, refund=refund, amount=refund.amount,
                                     description=f"Refund to the card that paid order {order.number}")


def issue_exchange_credit(order, replacement, amount, description):
    """The credit note moving `amount` of `order`'s returned goods onto its exchange's `replacement` order."""
    with transaction.atomic():
        existing = CreditNote.objects.filter(applied_to=replacement).first()
        if existing is not None:
            return existing
        return _numbered_credit_note(order, applied_to=replacement, amount=amount, description=description)

