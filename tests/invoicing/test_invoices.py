"""Invoices: issued when an order is paid, numbered in a series of their own, sent and downloadable.

Given a card checkout to Boston (2 × $6.50 of jam, $4.95 delivery, Massachusetts sales tax
6.25 % of the goods = $0.81, $18.76 in all), when Stripe's webhook says it is paid, then the
order has an invoice numbered INV-<year>-000001 whose PDF names the seller, the order,
the lines before tax, the delivery, the tax line and the exact total, and the confirmation
email carries that PDF. Only the customer (or the guest's link, or staff) can download it.
"""
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone
from oscar.core.loading import get_model

from commerce.invoicing.models import Invoice
from tests.checkout_steps import deliver, enter_card, press_place_order
from tests.factories import make_user
from tests.pdfs import pdf_text

from .conftest import pay_by_card, pay_by_demo, to_payment

Order = get_model("order", "Order")

pytestmark = pytest.mark.django_db


def year():
    return timezone.localdate().year


def test_a_paid_order_is_invoiced_and_the_confirmation_email_carries_the_invoice(
        django_app, client, stripe, products, markets, django_capture_on_commit_callbacks):
    page = to_payment(django_app, products[0], quantity=2, email="ines@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        order = pay_by_card(django_app, client, stripe, page)

    invoice = order.invoice
    assert invoice.number == f"INV-{year()}-000001" and order.number not in invoice.number
    [email] = mail.outbox  # the confirmation
    assert email.to == ["ines@example.com"]
    [(filename, content, mimetype)] = email.attachments
    assert (filename, mimetype) == (f"INV-{year()}-000001.pdf", "application/pdf")

    text = pdf_text(content)
    for expected in ("Invoice", "Larder & Loom", "1 Orchard Row", f"INV-{year()}-000001", order.number,
                     "Grace Hopper", "12 Orchard Lane", "Damson jam", "$6.50", "Subtotal before tax $13.00",
                     "$4.95", "Sales tax (Massachusetts, 6.25%) $0.81", "Total $18.76"):
        assert expected in text, (expected, text)
    assert order.total_incl_tax == Decimal("18.76")


def test_the_webhook_delivered_twice_invoices_once(django_app, client, stripe, products, markets):
    order = pay_by_card(django_app, client, stripe, to_payment(django_app, products[0]))
    [intent] = stripe.intents_for(order.number)
    body, signature = stripe.wait_for("payment_intent.succeeded", intent["id"])

    assert deliver(client, body, signature).status_code == 200

    assert list(Invoice.objects.values_list("order__number", "number")) == [(order.number, f"INV-{year()}-000001")]


def test_an_order_waiting_for_its_payment_has_no_invoice_yet(django_app, client, stripe, products, markets,
                                                           merchandiser):
    press_place_order(django_app, enter_card(to_payment(django_app, products[0]), stripe.card()))
    order = Order.objects.get()  # placed, the webhook not yet in

    assert not Invoice.objects.exists()
    django_app.set_user(merchandiser)
    response = django_app.get(f"/shop/dashboard/orders/{order.number}/invoice.pdf", expect_errors=True)
    assert response.status_code == 404
    assert "issued once the order is paid" in django_app.get(f"/shop/dashboard/orders/{order.number}/").text


def test_invoice_numbers_run_on_in_order_and_are_not_order_numbers(django_app, products, markets):
    first = pay_by_demo(django_app, products[0], email="a@example.com")
    django_app.reset()
    second = pay_by_demo(django_app, products[1], email="b@example.com")

    assert (first.invoice.number, second.invoice.number) == (f"INV-{year()}-000001", f"INV-{year()}-000002")
    assert {first.number, second.number}.isdisjoint({first.invoice.number, second.invoice.number})


def test_the_customer_downloads_their_invoice_and_nobody_else_can(django_app, shopper, products, markets,
                                                                 password):
    django_app.set_user(shopper)
    order = pay_by_demo(django_app, products[0])
    assert order.user == shopper
    page = django_app.get(f"/shop/accounts/orders/{order.number}/")

    pdf = page.click(description=f"Invoice {order.invoice.number}")

    assert pdf.content_type == "application/pdf" and "no-store" in pdf.headers["Cache-Control"]
    assert order.invoice.number in pdf_text(pdf.body) and order.number in pdf_text(pdf.body)

    url = f"/shop/accounts/orders/{order.number}/invoice.pdf"
    django_app.set_user(make_user("mallory@example.com", password))
    assert django_app.get(url, expect_errors=True).status_code == 404
    django_app.set_user(None)
    django_app.reset()
    anonymous = django_app.get(url, expect_errors=True)
    assert anonymous.status_code == 302 and "/login/" in anonymous.location


def look_up(app, order, email):
    form = app.get("/shop/track/").forms["order_lookup_form"]
    form["order_number"], form["email"] = order.number, email
    return form.submit()


def test_a_guest_downloads_the_invoice_from_the_tracking_page_and_a_forged_link_is_404(django_app, products,
                                                                                     markets):
    order = pay_by_demo(django_app, products[0], email="guest@example.com")
    link = f"/shop/accounts/order-status/{order.number}/{order.verification_hash()}/invoice.pdf"
    django_app.reset()
    assert django_app.get(link, expect_errors=True).status_code == 404  # the link alone, forwarded: nothing

    pdf = look_up(django_app, order, "GUEST@example.com").click(description=f"Invoice {order.invoice.number}")

    assert pdf.request.path == link and order.invoice.number in pdf_text(pdf.body)
    forged = f"/shop/accounts/order-status/{order.number}/not-the-hash/invoice.pdf"
    assert django_app.get(forged, expect_errors=True).status_code == 404


def test_staff_download_the_invoice_from_the_dashboard_and_customers_cannot(django_app, dashboard, shopper,
                                                                           products, markets):
    order = pay_by_demo(django_app, products[0])
    page = dashboard.get(f"/shop/dashboard/orders/{order.number}/")

    pdf = page.click(description=f"Invoice {order.invoice.number}")

    assert "Total $" in pdf_text(pdf.body) and order.invoice.number in pdf_text(pdf.body)
    dashboard.set_user(shopper)
    refused = dashboard.get(f"/shop/dashboard/orders/{order.number}/invoice.pdf", expect_errors=True)
    assert refused.status_code in (302, 403) and refused.content_type != "application/pdf"
