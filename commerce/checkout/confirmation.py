"""The order confirmation email: sent once per order, when the order is paid.

Card orders are confirmed by the payment webhook (commerce/payments/ledger.py), demo
orders at placement. The outbox key "order-placed:<number>" makes a second call a no-op,
so a redelivered webhook can't send the email twice.
"""
import logging

from django.urls import reverse
from oscar.core.loading import get_class

OrderDispatcher = get_class("order.utils", "OrderDispatcher")

logger = logging.getLogger("commerce.checkout")


def status_path(order):
    if order.user_id:
        return reverse("customer:order", kwargs={"order_number": order.number})
    return reverse("customer:anon-order", kwargs={"order_number": order.number, "hash": order.verification_hash()})


def send_order_confirmation(order, request=None):
    from django.contrib.sites.models import Site

    site = Site.objects.get_current(request)
    path = status_path(order)
    context = {
        "user": order.user, "order": order, "lines": order.lines.all(), "request": request, "site": site,
        "status_path": path, "status_url": f"https://{site.domain}{path}",
    }
    dispatcher = OrderDispatcher(logger=logger)
    code = dispatcher.ORDER_PLACED_EVENT_CODE
    messages = dispatcher.dispatcher.get_messages(code, context)
    messages["key"] = f"order-placed:{order.number}"
    dispatcher.dispatch_order_messages(order, messages, code)
