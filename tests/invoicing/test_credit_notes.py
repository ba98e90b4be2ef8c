"""Credit notes: each refund from the dashboard gets one, numbered CN-<year>-…, against the invoice.

Given a card order paid through the webhook ($11.45: one jar, delivery, no tax), when a
merchandiser refunds $5.00 and then $2.50, then the order has two credit notes numbered
in order, each PDF holding its amount and the invoice it reduces, sent with its refund
email, and downloadable by staff from the order page and by the customer from theirs (a
guest after looking the order up).
"""
import pytest
from django.core import mail
from django.utils import timezone

from commerce.invoicing.models import CreditNote
from tests.checkout_steps import paid_order
from tests.factories import make_user
from tests.pdfs import pdf_text

from .conftest import pay_by_card, to_payment

pytestmark = pytest.mark.django_db


def refund(app, order, amount, committed):
    form = app.get(f"/shop/dashboard/orders/{order.number}/").forms["refund_form"]
    form["amount"] = amount
    with committed():
        return form.submit().follow()


def test_each_refund_gets_a_credit_note_against_the_invoice(django_app, client, stripe, products, country,
                                                           merchandiser, committed):
    order, _ = paid_order(django_app, client, stripe, products[0], country)
    invoice = order.invoice
    year = timezone.localdate().year
    django_app.set_user(merchandiser)

    mail.outbox.clear()
    refund(django_app, order, "5.00", committed)
    page = refund(django_app, order, "2.50", committed)

    assert list(CreditNote.objects.order_by("pk").values_list("number", "amount", "invoice")) == [
        (f"CN-{year}-000001", 5, invoice.pk), (f"CN-{year}-000002", 2.5, invoice.pk)]
    first = pdf_text(page.click(description=f"Credit note CN-{year}-000001").body)
    for expected in ("Credit note", f"CN-{year}-000001", f"Against invoice {invoice.number}", order.number,
                     "Total credited $5.00", "Larder & Loom"):
        assert expected in first, (expected, first)
    second = pdf_text(page.click(description=f"Credit note CN-{year}-000002").body)
    assert "Total credited $2.50" in second and invoice.number in second
    emailed = {name: pdf_text(content) for m in mail.outbox for name, content, _ in m.attachments}
    assert set(emailed) == {f"CN-{year}-000001.pdf", f"CN-{year}-000002.pdf"}  # each with its refund email
    assert "Total credited $5.00" in emailed[f"CN-{year}-000001.pdf"]

    django_app.set_user(None)
    django_app.reset()
    form = django_app.get("/shop/track/").forms["order_lookup_form"]
    form["order_number"], form["email"] = order.number, "guest@example.com"
    guest_page = form.submit()
    assert f"CN-{year}-000002" in pdf_text(guest_page.click(description=f"Credit note CN-{year}-000002").body)
    other = f"/shop/accounts/order-status/{order.number}/wrong/credit-notes/CN-{year}-000001.pdf"
    assert django_app.get(other, expect_errors=True).status_code == 404


def test_a_customers_credit_note_is_theirs_alone(django_app, client, stripe, products, markets, shopper,
                                                merchandiser, committed, password):
    django_app.set_user(shopper)
    order = pay_by_card(django_app, client, stripe, to_payment(django_app, products[0], quantity=1))
    assert order.user == shopper
    django_app.set_user(merchandiser)
    refund(django_app, order, "3.00", committed)
    note = CreditNote.objects.get()

    django_app.set_user(shopper)
    page = django_app.get(f"/shop/accounts/orders/{order.number}/")
    text = pdf_text(page.click(description=f"Credit note {note.number}").body)
    assert "Total credited $3.00" in text and order.invoice.number in text

    django_app.set_user(make_user("mallory@example.com", password))
    url = f"/shop/accounts/orders/{order.number}/credit-notes/{note.number}.pdf"
    assert django_app.get(url, expect_errors=True).status_code == 404
