"""The PDFs: an invoice, a credit note, packing slips (one page per order), drawn with ReportLab.

Everything is read from the order as it was stored at placement, so an invoice drawn
today says what it said the day it was issued. Amounts are the order's Decimals, shown in
the order's currency with Oscar's currency filter, as the shop's pages show them. Lines
and delivery are before tax; each of the order's surcharges is one of its tax lines
(commerce/checkout/applicator.py), and they add up to the order's total. An exchange's
replacement order adds, under its total, the credit of the goods sent back (a credit note
against the first order's invoice) and the balance the card paid, so its invoice shows
what the customer was really charged.
"""
from io import BytesIO
from xml.sax.saxutils import escape

from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format
from oscar.templatetags.currency_filters import currency
from reportlab.lib import colors
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from commerce.order.versions import chosen_summary

STYLES = getSampleStyleSheet()
BODY, SMALL, TITLE = STYLES["BodyText"], STYLES["Italic"], STYLES["Title"]
GRID = TableStyle([
    ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black),
    ("LINEBELOW", (0, 1), (-1, -1), 0.25, colors.grey),
    ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ("FONTNAME", (0, 0), (-1, 0), "Helvetica-Bold"),
])
TOTALS = TableStyle([
    ("ALIGN", (1, 0), (1, -1), "RIGHT"),
    ("LINEABOVE", (0, -1), (-1, -1), 0.8, colors.black),
    ("FONTNAME", (0, -1), (-1, -1), "Helvetica-Bold"),
])


def _text(value, style=BODY):
    """A paragraph of plain text (ReportLab reads markup, so names like "Jam & Co" are escaped)."""
    return Paragraph(escape(str(value)).replace("\n", "<br/>"), style)


def _day(moment):
    return date_format(timezone.localtime(moment), "j F Y")


def _money(amount, order):
    return currency(amount, order.currency)


def _build(story, title):
    buffer = BytesIO()
    document = SimpleDocTemplate(buffer, pagesize=LETTER, title=title, author=settings.SELLER_NAME,
                                 leftMargin=18 * mm, rightMargin=18 * mm, topMargin=16 * mm, bottomMargin=16 * mm)
    document.build(story)
    return buffer.getvalue()


def _seller():
    lines = [settings.SELLER_NAME, *settings.SELLER_ADDRESS]
    if settings.SELLER_TAX_ID:
        lines.append(f"Tax ID: {settings.SELLER_TAX_ID}")
    return "\n".join(lines)


def _address(address):
    return "\n".join(address.active_address_fields()) if address is not None else ""


def _customer(order):
    """Who the invoice is made out to: the billing address, else the delivery one, and the email."""
    address = order.billing_address or order.shipping_address
    return "\n".join(filter(None, [_address(address), order.email]))


def _heading(title, facts, left):
    """The document's title, then the seller (or the addressee) beside its numbers and dates."""
    facts_table = Table([[_text(k, SMALL), _text(v)] for k, v in facts], colWidths=[32 * mm, 48 * mm])
    return [_text(title, TITLE), Table([[_text(left), facts_table]], colWidths=[95 * mm, 85 * mm],
                                       style=[("VALIGN", (0, 0), (-1, -1), "TOP")]), Spacer(1, 6 * mm)]


def _item(line):
    chosen = chosen_summary(line.product) if line.product_id else ""
    return f"{line.title}\n{chosen}" if chosen else line.title


def _invoice_lines(order):
    rows = [["Item", "Qty", "Unit price before tax", "Amount before tax"]]
    for line in order.lines.select_related("product").order_by("pk"):
        before_discounts = line.line_price_before_discounts_excl_tax
        unit = line.unit_price_excl_tax if line.unit_price_excl_tax is not None else before_discounts / line.quantity
        rows.append([_text(_item(line)), str(line.quantity), _money(unit, order), _money(before_discounts, order)])
    table = Table(rows, colWidths=[90 * mm, 15 * mm, 38 * mm, 37 * mm], style=GRID, repeatRows=1)
    table.setStyle([("ALIGN", (2, 0), (-1, -1), "RIGHT")])
    return table


def _invoice_totals(order):
    """Discounts, subtotal, delivery, tax lines and the total; then, for an exchange's replacement,
    the credit of the returned goods and the balance the card paid."""
    rows = [[f"Discount: {discount.description()}", _money(-discount.amount, order)]
            for discount in order.basket_discounts]
    rows.append(["Subtotal before tax", _money(order.basket_total_excl_tax, order)])
    rows.append([f"Delivery: {order.shipping_method}" if order.shipping_method else "Delivery",
                 _money(order.shipping_excl_tax, order)])
    rows += [[charge.name, _money(charge.incl_tax, order)] for charge in order.surcharges.order_by("pk")]
    rows.append(["Total", _money(order.total_incl_tax, order)])
    total_row = len(rows) - 1
    credits, balance = list(order.credits_applied.order_by("pk")), order.balance_after_credits
    if credits:
        rows += [[_text(f"Less exchange credit, credit note {credit.number}: {credit.description}"),
                  _money(-credit.amount, order)] for credit in credits]
        rows.append(["Balance paid by card" if balance > 0 else "Balance", _money(balance, order)])
    style = TableStyle([("ALIGN", (1, 0), (1, -1), "RIGHT"), ("VALIGN", (0, 0), (-1, -1), "TOP")]
                       + [(command, (0, row), (-1, row), *args) for row in {total_row, len(rows) - 1}
                          for command, *args in (("LINEABOVE", 0.8, colors.black), ("FONTNAME", "Helvetica-Bold"))])
    return Table(rows, colWidths=[143 * mm, 37 * mm], style=style, hAlign="RIGHT")


def invoice_pdf(invoice):
    order = invoice.order
    facts = [("Invoice number", invoice.number), ("Invoice date", _day(invoice.issued_at)),
             ("Order number", order.number), ("Order date", _day(order.date_placed))]
    addresses = Table([[_text("Bill to", SMALL), _text("Deliver to", SMALL)],
                       [_text(_customer(order)), _text(_address(order.shipping_address))]],
                      colWidths=[95 * mm, 85 * mm], style=[("VALIGN", (0, 0), (-1, -1), "TOP")])
    story = [*_heading("Invoice", facts, _seller()), addresses, Spacer(1, 6 * mm), _invoice_lines(order),
             Spacer(1, 4 * mm), _invoice_totals(order), Spacer(1, 8 * mm),
             _text(f"Amounts in {order.currency}. Thank you for shopping with {settings.SELLER_NAME}.", SMALL)]
    return _build(story, f"Invoice {invoice.number}")


def credit_note_pdf(credit_note):
    invoice, order = credit_note.invoice, credit_note.invoice.order
    facts = [("Credit note", credit_note.number), ("Date", _day(credit_note.issued_at)),
             ("Against invoice", invoice.number), ("Order number", order.number)]
    amounts = Table([["Description", "Amount"],
                     [_text(credit_note.description), _money(credit_note.amount, order)],
                     ["Total credited", _money(credit_note.amount, order)]],
                    colWidths=[143 * mm, 37 * mm], style=GRID)
    amounts.setStyle(TOTALS)
    story = [*_heading("Credit note", facts, _seller()), _text("Credited to", SMALL), _text(_customer(order)),
             Spacer(1, 6 * mm), amounts, Spacer(1, 8 * mm),
             _text(f"This credit note reduces invoice {invoice.number} of {_day(invoice.issued_at)} "
                   f"({_money(order.total_incl_tax, order)}) by {_money(credit_note.amount, order)}.", SMALL)]
    return _build(story, f"Credit note {credit_note.number}")


def _packing_slip(order):
    facts = [("Order number", order.number), ("Order date", _day(order.date_placed)),
             ("Delivery", order.shipping_method or "-")]
    deliver_to = _address(order.shipping_address)
    if order.shipping_address is not None and order.shipping_address.phone_number:
        deliver_to += f"\nPhone: {order.shipping_address.phone_number}"
    rows = [["SKU", "UPC", "Item", "Qty"]]
    for line in order.lines.select_related("product").order_by("pk"):
        upc = line.upc or (line.product.upc if line.product_id else "")
        rows.append([_text(line.partner_sku or "-"), _text(upc or "-"), _text(_item(line)), str(line.quantity)])
    lines = Table(rows, colWidths=[35 * mm, 35 * mm, 95 * mm, 15 * mm], style=GRID, repeatRows=1)
    note = order.shipping_address.notes if order.shipping_address is not None else ""
    story = [*_heading("Packing slip", facts, f"Deliver to\n{deliver_to}"), lines]
    if note:
        story += [Spacer(1, 4 * mm), _text(f"Delivery instructions: {note}", SMALL)]
    return story


def packing_slips_pdf(orders):
    """One PDF for the warehouse: each order's slip starts on a page of its own. No prices."""
    story = []
    for order in orders:
        if story:
            story.append(PageBreak())
        story += _packing_slip(order)
    return _build(story, "Packing slips")
