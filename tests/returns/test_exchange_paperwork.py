"""An exchange's paperwork says what the customer really paid (localstripe).

Given a delivered card order of a Small linen apron ($20.00 + $1.25 Illinois tax =
$21.25, and its delivery), when it is exchanged:
- for a Large ($24.00 + $1.50 = $25.50), the returned Small is credited toward the Large
  ($21.25, a credit note against the first invoice), the saved card pays the $4.25 left,
  and the Large's invoice, paid-order email and order page show the total, the credit and
  that balance, never the full $25.50 as charged;
- for a Mini ($15.00 + $0.94 = $15.94), the credit pays the Mini whole: its invoice (a
  $0.00 balance) and the credit note go with the exchange email, and the $5.31 refunded
  later gets its own credit note, so the first invoice is credited $21.25 in all.
The sales report counts what the shop kept (the credit nets like a refund), and the returns
report shows the exchange and its credit beside the refund.
"""
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.core import mail
from django.utils import timezone

from commerce.invoicing.models import CreditNote
from commerce.payments.saved_cards import save_card
from commerce.payments.state import payment_state
from reports.builders import returns as returns_report
from reports.builders.sales import totals
from reports.periods import Period
from tests.checkout_steps import deliver
from tests.pdfs import pdf_text

from .conftest import words
from .test_exchange import aprons, exchanged  # noqa: F401  (aprons is a fixture)

pytestmark = pytest.mark.django_db


def attachments(message):
    return {name: pdf_text(content) for name, content, _ in message.attachments}


def kept_today():
    """The sales report's revenue less refunds over today."""
    today = timezone.localdate()
    row = totals(Period(today, today))
    return row["revenue"] - row["refunds"]


def test_a_dearer_exchange_is_invoiced_as_credit_plus_the_card_balance(
        django_app, client, stripe, shopper, merchandiser, illinois_tax, delivered_card_order, aprons,  # noqa: F811
        committed):
    order, _ = delivered_card_order(aprons["small"], user=shopper)
    save_card(shopper, stripe.card())
    ret = exchanged(django_app, shopper, merchandiser, order, aprons["large"], committed)
    replacement = ret.replacement
    [credit] = CreditNote.objects.all()
    assert (credit.invoice.order, credit.applied_to, credit.amount, credit.refund) == (
        order, replacement, Decimal("21.25"), None)

    [exchange_email] = [m for m in mail.outbox if "exchange" in m.subject]
    assert f"The items you sent back pay $21.25 of the new order (credit note {credit.number}, attached)." in \
        exchange_email.body
    sent = attachments(exchange_email)
    assert list(sent) == [credit.filename]  # the Large's invoice waits for the card's money
    for expected in ("Credit note", credit.number, f"Against invoice {order.invoice.number}",
                     f"Items returned under {ret.rma}, credited toward exchange order {replacement.number}",
                     "Total credited $21.25"):
        assert expected in sent[credit.filename], expected

    [intent] = stripe.intents_for(replacement.number)
    body, signature = stripe.wait_for("payment_intent.succeeded", intent["id"])
    mail.outbox.clear()
    with committed():
        assert deliver(client, body, signature).status_code == 200
    replacement.refresh_from_db()
    [paid_email] = [m for m in mail.outbox if replacement.number in m.subject]
    assert "Total: $25.50" in paid_email.body
    assert f"Less exchange credit ({credit.number}, the items you sent back): -$21.25" in paid_email.body
    assert "Balance paid by card: $4.25" in paid_email.body
    invoice = attachments(paid_email)[replacement.invoice.filename]
    for expected in ("Subtotal before tax $24.00", "Sales tax", "$1.50", "Total $25.50",
                     f"Less exchange credit, credit note {credit.number}", "-$21.25", "Balance paid by card $4.25"):
        assert expected in invoice, (expected, invoice)

    django_app.set_user(shopper)
    page = words(django_app.get(f"/shop/accounts/orders/{replacement.number}/"))
    assert f"Paid $21.25 with the exchange credit of credit note {credit.number} (the items sent back from order " \
           f"{order.number}); the balance of $4.25 was paid by card." in page
    assert payment_state(order).label == "Paid, $21.25 credited to an exchange"  # its delivery stays paid
    assert payment_state(replacement).label == "Paid"
    assert kept_today() == order.total_incl_tax + Decimal("4.25")  # the first order, then $4.25 more


def returns_report_figures():
    today = timezone.localdate()
    document = returns_report.build(SimpleNamespace(date_from=today, date_to=today), lambda *_: None)
    return {figure["key"]: figure["value"] for figure in document["figures"]}


def test_a_cheaper_exchange_is_paid_by_the_credit_and_the_rest_refunded_on_a_credit_note(
        django_app, client, stripe, shopper, merchandiser, illinois_tax, delivered_card_order, aprons,  # noqa: F811
        committed):
    order, _ = delivered_card_order(aprons["small"], user=shopper)
    ret = exchanged(django_app, shopper, merchandiser, order, aprons["mini"], committed)
    replacement = ret.replacement
    [credit] = CreditNote.objects.all()
    assert (credit.applied_to, credit.amount) == (replacement, Decimal("15.94"))

    [exchange_email] = [m for m in mail.outbox if "exchange" in m.subject]
    sent = attachments(exchange_email)
    assert set(sent) == {credit.filename, replacement.invoice.filename}  # the Mini is paid in full already
    invoice = sent[replacement.invoice.filename]
    for expected in ("Subtotal before tax $15.00", "$0.94", "Total $15.94", "-$15.94", "Balance $0.00"):
        assert expected in invoice, (expected, invoice)
    assert "Balance paid by card" not in invoice
    assert payment_state(replacement).label == "Paid"

    with committed():
        detail = django_app.get(f"/shop/dashboard/returns/{ret.number}/")
        assert detail.forms["return_refund_form"].submit().status_code == 302
    notes = list(CreditNote.objects.filter(invoice=order.invoice).values_list("amount", "applied_to"))
    assert notes == [(Decimal("15.94"), replacement.pk), (Decimal("5.31"), None)]  # $21.25: the whole Small
    assert payment_state(order).label == "Paid, $5.31 refunded and $15.94 credited to an exchange"
    django_app.set_user(shopper)
    page = words(django_app.get(f"/shop/accounts/orders/{replacement.number}/"))
    assert "Paid $15.94 with the exchange credit" in page and "nothing is left to pay" in page
    assert kept_today() == order.total_incl_tax - Decimal("5.31")  # the first order, less the $5.31 back
    figures = returns_report_figures()
    assert (figures["exchanges"], figures["exchange_credit"], figures["refunded"]) == (1, "15.94", "5.31")
