"""Exchanges: a returned variant swapped for another variant of the same product.

When asking for a return, a customer may choose, per line whose product is a variant, a
sibling variant (same parent, public, in stock for the units) to receive instead of a
refund. When the parcel is booked in (steps.receive), the units received on such lines
are replaced: a new order for the same customer (or guest email) and delivery address is
written through commerce/order/placing.py (the checkout's own pricing, tax lines and
OrderCreator, which allocates the replacement's stock), sent free, and linked from the
return (ReturnRequest.replacement).

The price difference is refunds.refund_due with the replacements' price before tax
(ReturnLine.replacement_value, half up to the cent) taken off the goods, so it carries
the same share of the order's tax as the original lines did:
- positive: the shop owes it, and it is refunded through the return's refund step;
- negative: the customer owes it (ReturnRequest.exchange_owed). If they have a saved card
  it is charged there (a PaymentIntent with their Stripe Customer and card, through the
  payment ledger, after the receipt's transaction has committed so no row lock is held
  while Stripe answers); the webhook then moves the replacement on like any paid order.
  Without a saved card, or if the charge fails, the replacement order stays Pending
  (awaiting payment) and the exchange email says so.

The paperwork follows the money. The replacement is priced in full (its lines, tax and
total are what any order of those variants would show), and the goods sent back pay for
it up to its total less what the customer owes: that credit is a credit note against the
first order's invoice, recorded in both orders' payment sources (ledger.credit_exchange).
The replacement's invoice, emails and order page then show the total, less the exchange
credit, and the balance the card paid. Owing nothing, the replacement is paid at once:
its invoice is issued at receipt and goes with the exchange email, beside the credit
note. Owing something, the invoice comes with the paid-order email once the card pays.
"""
import logging

from django.db import transaction
from oscar.apps.shipping.methods import Free
from oscar.core.loading import get_model

from commerce.invoicing.documents import credit_note_pdf, invoice_pdf
from commerce.invoicing.models import Invoice
from commerce.invoicing.numbering import issue_invoice
from commerce.order.emails import send_order_email
from commerce.order.placing import place_basket
from commerce.order.versions import variant_name
from commerce.partner.strategy import Selector
from commerce.tax.rules import round_money

from .rules import ReturnRefused

logger = logging.getLogger("commerce.returns")

Basket = get_model("basket", "Basket")
Product = get_model("catalogue", "Product")
ShippingAddress = get_model("order", "ShippingAddress")
Source = get_model("payment", "Source")

AWAITING_PAYMENT = "Pending"  # a card order waits Pending until its payment settles (commerce/order/emails.order_paid)
READY = "Processing"


def siblings(product):
    """The other public variants of a variant's parent product (none for a standalone product)."""
    if product is None or product.parent_id is None:
        return Product.objects.none()
    return Product.objects.filter(parent_id=product.parent_id, is_public=True).exclude(pk=product.pk).order_by("pk")


def check_exchange(line, product_id, units):
    """The variant `line` may be exchanged for, `units` of it; raises ReturnRefused otherwise."""
    product = siblings(line.product).filter(pk=product_id).first() if str(product_id).isdigit() else None
    if product is None:
        raise ReturnRefused(f"“{line.title}” can only be exchanged for another variant of the same product.")
    info = Selector().strategy().fetch_for_product(product)
    permitted, _ = info.availability.is_purchase_permitted(units)
    if not permitted or info.price.excl_tax is None:
        raise ReturnRefused(f"“{variant_name(product)}” is not in stock for {units}, so “{line.title}” can't be "
                            "exchanged for it; choose another variant or a refund.")
    return product


def place_replacement(request, lines):
    """In the receipt's transaction: price the exchanged lines and write their replacement order, or None.

    Sets each exchanged line's replacement_value (saved by the caller) and returns a
    callable that writes the order once the difference is known.
    """
    exchanged = [rl for rl in lines if rl.exchange_for_id and rl.received]
    if not exchanged:
        return None
    order = request.order
    strategy = Selector().strategy(user=order.user)
    basket = Basket.objects.create(owner=order.user)
    basket.strategy = strategy
    for rl in exchanged:
        info = strategy.fetch_for_product(rl.exchange_for)
        if not info.availability.is_purchase_permitted(rl.received)[0] or info.price.excl_tax is None:
            raise ReturnRefused(f"“{variant_name(rl.exchange_for)}” is no longer in stock for {rl.received}: "
                                "its exchange can't be sent. Restock it first, or ask the customer.")
        basket.add_product(rl.exchange_for, rl.received)
        rl.replacement_value = round_money(info.price.excl_tax * rl.received)

    def write(owed):
        address = None
        if order.shipping_address_id:
            address = ShippingAddress.objects.get(pk=order.shipping_address_id)
            address.pk = address.id = None
        return place_basket(basket, user=order.user, address=address, number=f"{order.number}-X{request.number}",
                            status=AWAITING_PAYMENT if owed > 0 else READY, method=Free(),
                            guest_email=order.guest_email)
    return write


def credit_exchange(request):
    """In the receipt's transaction, the replacement written: credit the goods sent back toward it."""
    from commerce.payments import ledger

    replacement = request.replacement
    amount = replacement.total_incl_tax - request.exchange_owed
    if amount <= 0:
        return None
    note = ledger.credit_exchange(request.order, replacement, amount, description=(
        f"Items returned under {request.rma}, credited toward exchange order {replacement.number}"))
    if request.exchange_owed <= 0:
        issue_invoice(replacement)
    return note


def charge_saved_card(request):
    """After the receipt committed: charge what the customer owes to their saved card; True if it went through."""
    from commerce.payments import ledger
    from commerce.payments import stripe_gateway as gateway
    from commerce.payments.models import Payment, SavedCard

    replacement, owed = request.replacement, request.exchange_owed
    card = SavedCard.objects.filter(user_id=replacement.user_id).order_by("-pk").first() \
        if replacement.user_id else None
    if owed <= 0 or card is None:
        return False
    try:
        with transaction.atomic():
            payment = ledger.start_payment(order_number=replacement.number, amount=owed,
                                           currency=replacement.currency, payment_method_id=card.payment_method_id,
                                           email=replacement.user.email, customer_id=card.stripe_customer_id)
            Source.objects.get_or_create(order=replacement, reference=payment.intent_id, defaults={
                "source_type": ledger.card_source_type(), "currency": replacement.currency,
                "amount_allocated": owed})
    except (gateway.PaymentDeclined, gateway.GatewayError, ledger.AlreadyPlaced) as exc:
        logger.warning("Exchange %s: the saved card was not charged (%s)", request.rma, exc)
        return False
    return payment.status in (Payment.Status.PROCESSING, Payment.Status.SUCCEEDED)


def exchange_note(request, charged, refund_total):
    if request.exchange_owed > 0:
        how = "charged to the saved card" if charged else "awaiting payment"
        return f"Exchange sent as order {request.replacement.number}; ${request.exchange_owed} {how}"
    return f"Exchange sent as order {request.replacement.number}; ${max(refund_total, 0):.2f} to refund"


def paperwork(request):
    """The exchange email's PDFs: the credit note of the goods sent back and, if issued, the replacement's invoice."""
    replacement = request.replacement
    documents = [(note.filename, credit_note_pdf(note)) for note in replacement.credits_applied.all()]
    invoice = Invoice.objects.filter(order=replacement).first()
    if invoice is not None:
        documents.append((invoice.filename, invoice_pdf(invoice)))
    return [(name, content, "application/pdf") for name, content in documents]


def send_exchange_email(request, charged, refund_total):
    replacement = request.replacement
    owed = request.exchange_owed
    send_order_email(
        request.order, "EXCHANGE_SENT", key=f"return:{request.rma}:exchange", rma=request.rma,
        replacement_number=replacement.number,
        replacement_items=[f"{line.quantity} × {variant_name(line.product)}" for line in replacement.lines.all()],
        difference=f"{owed if owed > 0 else max(refund_total, 0):.2f}", charged=charged,
        owed=owed > 0 and not charged, refunded=owed <= 0 and refund_total > 0,
        credit=replacement.credits_applied.first(), attachments=paperwork(request))
