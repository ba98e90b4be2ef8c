"""How much a received return gives back: its goods, their share of the tax, maybe the delivery.

- Goods: what the customer paid for each unit received (restocked or written off: both
  came back), i.e. the order line's price after discounts and before tax, times the
  units received over the units bought, rounded half up to the cent.
- Tax: the order's tax line (its surcharges, commerce/checkout/applicator.py) was worked
  out once on the order's taxable total (goods after discounts, plus delivery where the
  rate taxes delivery). The refund carries the same share of it as the refunded taxable
  amount is of that total, rounded half up to the cent, and never more than the tax not
  yet refunded by earlier returns, so all the order's returns together give back at
  most the tax that was charged.
- Delivery: refunded only when the whole order has come back (every unit bought, over all
  of the order's returns) and this return's reason is the shop's fault (damaged, wrong
  item, not as described). A customer who changed their mind, or who sends back part of
  an order, paid for a delivery that was made, so it is not refunded.
- Exchange: the replacements' price before tax comes off the goods (exchanges.py), and
  the tax share follows. A negative total is what the customer owes for a dearer variant.
"""
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Sum

from commerce.tax.rules import TaxNotAvailable, destination, rate_for, round_money

from .models import ReturnLine, ReturnRequest
from .rules import delivered_lines

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class RefundDue:
    goods: Decimal
    shipping: Decimal
    tax: Decimal

    @property
    def total(self):
        return self.goods + self.shipping + self.tax


def goods_value(return_line):
    """Kept on the return line when its parcel is booked in (steps.receive)."""
    line = return_line.line
    if return_line.received == line.quantity:
        return line.line_price_excl_tax
    return round_money(line.line_price_excl_tax * return_line.received / line.quantity)


def order_tax(order):
    return sum((charge.incl_tax for charge in order.surcharges.all()), ZERO)


def delivery_taxed(order):
    """Whether the order's tax rate taxes delivery (the rate of its delivery address)."""
    where = destination(order.shipping_address)
    try:
        rate = rate_for(*where) if where else None
    except TaxNotAvailable:
        return False
    return bool(rate and rate.applies_to_shipping)


def whole_order_back(order):
    """Every unit of every line received back, over all of the order's returns."""
    received = dict(ReturnLine.objects.filter(line__order=order).values("line_id")
                    .annotate(units=Sum("restocked") + Sum("written_off")).values_list("line_id", "units").order_by())
    return all(received.get(line.pk, 0) >= line.quantity for line in delivered_lines(order))


def earlier_refunds(request):
    others = ReturnRequest.objects.filter(order=request.order).exclude(pk=request.pk)
    sums = others.aggregate(tax=Sum("tax_refunded"), shipping=Sum("shipping_refunded"))
    return sums["tax"] or ZERO, sums["shipping"] or ZERO


def refund_due(request):
    """The RefundDue for a received return (see the module's docstring for the rule)."""
    order = request.order
    goods = sum((rl.value_received - rl.replacement_value for rl in request.lines.all()), ZERO)
    tax_before, shipping_before = earlier_refunds(request)
    shipping = ZERO
    if request.shop_fault and shipping_before == ZERO and whole_order_back(order):
        shipping = order.shipping_excl_tax
    total_tax = order_tax(order)
    tax = ZERO
    if total_tax > 0:
        taxed = delivery_taxed(order)
        base = order.basket_total_excl_tax + (order.shipping_excl_tax if taxed else ZERO)
        refunded = goods + (shipping if taxed else ZERO)
        if base > 0:
            tax = round_money(total_tax * refunded / base)
            if tax > 0:
                tax = max(min(tax, total_tax - tax_before), ZERO)
    return RefundDue(goods=goods, shipping=shipping, tax=tax)
