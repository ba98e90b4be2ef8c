"""Orders waiting for the card holder's bank hold stock: how many one shopper may have.

A card that asks for 3-D Secure leaves its order Pending, holding its units, until the
bank answers. Two limits keep one card (or one script) from holding the shop's stock:
orders still waiting after PAYMENT_AUTHENTICATION_MINUTES are cancelled and their stock
released by the beat task (commerce/payments/tasks.py), and a new card payment is
refused while the same customer (their account, or the guest email typed) already has
UNPAID_ORDERS_PER_CUSTOMER orders waiting, or the same client UNPAID_ORDERS_PER_CLIENT.

Clients are told apart by a keyed hash of their address, so the payments table never
holds an IP address.
"""
import hashlib
import hmac

from django.conf import settings
from django.db.models import Q
from oscar.core.loading import get_model

from security.client_ip import client_ip

from .models import Payment

Order = get_model("order", "Order")


class TooManyWaiting(Exception):
    """The shopper already has as many orders waiting for their bank as we allow."""


def client_fingerprint(request):
    address = client_ip(request) if request is not None else ""
    if not address:
        return ""
    digest = hmac.new(settings.SECRET_KEY.encode(), f"payment-client:{address}".encode(), hashlib.sha256)
    return digest.hexdigest()[:32]


def _waiting():
    """Payments waiting for the bank whose order is still Pending."""
    return Payment.objects.filter(
        status=Payment.Status.REQUIRES_ACTION,
        order_number__in=Order.objects.filter(status="Pending").values("number"),
    )


def waiting_for(*, user=None, email="", client=""):
    """(orders waiting for this customer, orders waiting for this client)."""
    customer = Q(user=user) if user is not None and user.is_authenticated else Q(
        user__isnull=True, guest_email__iexact=email)
    numbers = Order.objects.filter(customer, status="Pending").values("number")
    by_customer = _waiting().filter(order_number__in=numbers).count() if (email or user) else 0
    by_client = _waiting().filter(client=client).count() if client else 0
    return by_customer, by_client


def check_new_payment_allowed(*, user=None, email="", client=""):
    by_customer, by_client = waiting_for(user=user, email=email, client=client)
    minutes = settings.PAYMENT_AUTHENTICATION_MINUTES
    if by_customer >= settings.UNPAID_ORDERS_PER_CUSTOMER or by_client >= settings.UNPAID_ORDERS_PER_CLIENT:
        raise TooManyWaiting(
            "You already have orders waiting for your bank to confirm the card. Please finish confirming "
            f"one of them (see the link in its confirmation page), or try again in {minutes} minutes, "
            "when unconfirmed orders are cancelled. Nothing was charged."
        )
