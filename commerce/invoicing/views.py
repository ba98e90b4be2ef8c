"""Downloads of the paperwork, each behind the same door as the order it belongs to.

A customer reaches their own orders' invoice and credit notes (another customer's order
is a 404, a visitor is sent to sign in). A guest gets in as Oscar's guest order page lets
them in: the order-status link's hash and the order's email address given in this
session (the tracking page, or Oscar's order-status form, asks for it), so a forwarded
link alone opens nothing. Staff reach every document of the orders the dashboard lets
them see, including packing slips (registered by the dashboard's orders app,
commerce/dashboard/orders/apps.py, under its order permissions). PDFs are never cached.
"""
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.cache import never_cache
from oscar.apps.dashboard.orders.views import queryset_orders_for_user
from oscar.core.loading import get_model

from commerce.order.tracking import OSCAR_GUEST_EMAIL

from . import documents
from .models import CreditNote, Invoice

Order = get_model("order", "Order")


def pdf_response(content, filename):
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _invoice(order):
    invoice = Invoice.objects.filter(order=order).select_related("order").first()
    if invoice is None:
        raise Http404(f"Order {order.number} has no invoice yet: it is issued once the order is paid.")
    return invoice


def _credit_note(order, number):
    return get_object_or_404(CreditNote.objects.select_related("invoice__order"), invoice__order=order, number=number)


def invoice_download(order):
    invoice = _invoice(order)
    return pdf_response(documents.invoice_pdf(invoice), invoice.filename)


def credit_note_download(order, number):
    note = _credit_note(order, number)
    return pdf_response(documents.credit_note_pdf(note), note.filename)


def _customers_order(request, number):
    return get_object_or_404(Order, number=number, user=request.user)


def _guests_order(request, number, hash):
    order = Order.objects.filter(user=None, number=number).first()
    if order is None or not order.check_verification_hash(hash) or \
            order.email != request.session.get(OSCAR_GUEST_EMAIL):
        raise Http404("No order matches this link. Look your order up at /shop/track/ first.")
    return order


@never_cache
@login_required
def customer_invoice(request, number):
    return invoice_download(_customers_order(request, number))


@never_cache
@login_required
def customer_credit_note(request, number, credit_note):
    return credit_note_download(_customers_order(request, number), credit_note)


@never_cache
def guest_invoice(request, number, hash):
    return invoice_download(_guests_order(request, number, hash))


@never_cache
def guest_credit_note(request, number, hash, credit_note):
    return credit_note_download(_guests_order(request, number, hash), credit_note)


def _staff_order(request, number):
    return get_object_or_404(queryset_orders_for_user(request.user), number=number)


@never_cache
def staff_invoice(request, number):
    return invoice_download(_staff_order(request, number))


@never_cache
def staff_credit_note(request, number, credit_note):
    return credit_note_download(_staff_order(request, number), credit_note)


@never_cache
def staff_packing_slip(request, number):
    order = _staff_order(request, number)
    return pdf_response(documents.packing_slips_pdf([order]), f"packing-slip-{order.number}.pdf")
