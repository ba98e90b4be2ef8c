"""An order's payment state in one word, for the shopper's pages and the dashboard.

Read from the order's latest `payments.Payment` (card orders) and Oscar's payment sources
(the money ledger); goods credited to an exchange count as given back, and say so.
"""
from dataclasses import dataclass
from decimal import Decimal

from .ledger import EXCHANGE_CREDIT_NAME
from .models import Payment


@dataclass(frozen=True)
class PaymentState:
    code: str  # paid | partially_refunded | refunded | awaiting_payment | requires_action | failed | cancelled | unpaid
    label: str
    paid: Decimal
    refunded: Decimal
    message: str = ""
    payment: Payment | None = None

    @property
    def balance(self):
        return self.paid - self.refunded

    @property
    def is_paid(self):
        return self.code in ("paid", "partially_refunded")


def given_back(card, credited):
    """"$5.31 refunded and $15.94 credited to an exchange": money back, and goods swapped (ledger.credit_exchange)."""
    parts = [f"${card} refunded" if card else "", f"${credited} credited to an exchange" if credited else ""]
    return " and ".join(filter(None, parts))


def payment_state(order):
    payment = Payment.objects.filter(order_number=order.number).exclude(intent_id=None).first()
    sources = list(order.sources.select_related("source_type"))
    paid = sum((s.amount_debited for s in sources), Decimal("0.00"))
    refunded = sum((s.amount_refunded for s in sources), Decimal("0.00"))
    credited = sum((s.amount_refunded for s in sources if s.source_type.name == EXCHANGE_CREDIT_NAME), Decimal("0.00"))
    if paid > 0:
        if refunded >= paid:
            labels = {(True, False): "Refunded", (False, True): "Exchanged", (True, True): "Refunded and exchanged"}
            label = labels[refunded > credited, credited > 0]
            return PaymentState("refunded", label, paid, refunded, payment=payment)
        if refunded > 0:
            return PaymentState("partially_refunded", f"Paid, {given_back(refunded - credited, credited)}", paid,
                                refunded, payment=payment)
        return PaymentState("paid", "Paid", paid, refunded, payment=payment)
    if payment is None:
        return PaymentState("unpaid", "Not paid", paid, refunded)
    code, label = {
        Payment.Status.REQUIRES_ACTION: ("requires_action", "Waiting for your bank to confirm the card"),
        Payment.Status.FAILED: ("failed", "Payment declined"),
        Payment.Status.CANCELED: ("cancelled", "Payment cancelled"),
    }.get(payment.status, ("awaiting_payment", "Payment processing"))
    return PaymentState(code, label, paid, refunded, message=payment.failure_message, payment=payment)
