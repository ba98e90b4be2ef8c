"""The order confirmation email: sent once per order, when the order is paid.

Card orders are confirmed by the payment webhook (commerce/payments/ledger.py), demo
orders at placement. The outbox key "order-placed:<number>" makes a second call a no-op,
so a redelivered webhook can't send the email twice. Rendering and queuing are shared
with the after-sale emails (commerce/order/emails.py).
"""
from commerce.order.emails import send_order_email


def send_order_confirmation(order, request=None):
    send_order_email(order, "ORDER_PLACED", key=f"order-placed:{order.number}", request=request)
