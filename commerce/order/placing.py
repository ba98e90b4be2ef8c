"""Writing an order from a basket outside the checkout, through the same code a checkout uses.

The basket is priced by the shop's strategy, delivery comes from the shipping repository
(or is given, e.g. free), tax lines from the surcharge applicator, totals from Oscar's
calculator, and Oscar's OrderCreator writes the order and allocates its stock. Used by
the demo history (commerce/demo/history.py) and by a return's exchange
(commerce/returns/exchanges.py), so neither keeps its own copy of the checkout's sums.
"""
from oscar.apps.checkout.calculators import OrderTotalCalculator
from oscar.apps.order.utils import OrderCreator

from commerce.checkout.applicator import SurchargeApplicator
from webhooks import events as webhook_events


def price_basket(basket, *, address, method):
    """(delivery charge, tax surcharges, order total) of `basket` sent to `address` by `method`.

    What an order would cost before it is written: the headless checkout (api/views/checkout.py)
    charges the card this total, then place_basket writes the order from the same sums.
    """
    charge = method.calculate(basket)
    surcharges = SurchargeApplicator(request=None, context={"shipping_address": address}).get_applicable_surcharges(
        basket, shipping_charge=charge)
    return charge, surcharges, OrderTotalCalculator().calculate(basket, charge, surcharges=surcharges)


def place_basket(basket, *, user, address, number, status, method, guest_email="", billing_address=None):
    """Write `basket` as order `number` delivered to `address` (saved here) by `method`; returns the order."""
    charge, surcharges, total = price_basket(basket, address=address, method=method)
    if address is not None:
        address.save()  # the checkout saves the order's address before writing the order
    extra = {"guest_email": guest_email} if guest_email and user is None else {}
    if billing_address is not None:
        billing_address.save()
        extra["billing_address"] = billing_address
    order = OrderCreator().place_order(basket=basket, total=total, shipping_method=method, shipping_charge=charge,
                                       user=user, shipping_address=address, order_number=number,
                                       status=status, surcharges=surcharges, **extra)
    basket.submit()
    webhook_events.order_placed(order)
    return order
