"""Orders waiting for 3-D Secure can't hold the shop's stock.

Given card payments on localstripe and a card that always asks for 3-D Secure, when one
shopper (or one client under several emails) leaves orders waiting for the bank, then a
further card payment is refused with a clear message and nothing is charged; and an
order still waiting after PAYMENT_AUTHENTICATION_MINUTES is cancelled with its stock
released, while an ordinary unpaid order keeps the longer PAYMENT_ABANDONED_AFTER_MINUTES.
"""
from datetime import timedelta

import pytest
from django.utils import timezone
from django_webtest import DjangoTestApp
from oscar.core.loading import get_model

from commerce.payments.models import Payment
from commerce.payments.tasks import cancel_abandoned_orders
from tests.checkout_steps import guest_to_payment_step, pay_by_card

Order = get_model("order", "Order")

pytestmark = pytest.mark.django_db
THREE_D_SECURE = "4000002500003155"
WAITING = "waiting for your bank"


def card_order(app, stripe, product, country, email, card=THREE_D_SECURE, ip="203.0.113.7"):
    app.extra_environ = {**app.extra_environ, "REMOTE_ADDR": ip}
    page = guest_to_payment_step(app, product, country, email=email)
    return pay_by_card(app, page, stripe.card(card))


def test_one_guest_can_leave_only_two_orders_waiting_for_the_bank(django_app, stripe, settings, products, country):
    settings.UNPAID_ORDERS_PER_CUSTOMER = 2
    for _ in range(2):
        page = card_order(django_app, stripe, products[0], country, "hold@example.com")
        assert page.request.path == "/shop/checkout/thank-you/"
    assert Payment.objects.filter(status=Payment.Status.REQUIRES_ACTION).count() == 2

    refused = card_order(django_app, stripe, products[0], country, "hold@example.com", ip="198.51.100.9")

    assert refused.request.path != "/shop/checkout/thank-you/"
    assert "orders waiting for your bank to confirm the card" in refused.text and "Nothing was charged" in refused.text
    assert Order.objects.count() == 2 and Payment.objects.count() == 2  # no third intent
    stock = products[0].stockrecords.get()
    assert stock.num_allocated == 2


def test_one_client_can_hold_only_so_many_orders_under_different_emails(stripe, settings, products, country):
    settings.UNPAID_ORDERS_PER_CLIENT = 2
    for n in range(2):
        card_order(DjangoTestApp(), stripe, products[0], country, f"guest{n}@example.com")

    refused = card_order(DjangoTestApp(), stripe, products[0], country, "guest9@example.com")

    assert WAITING in refused.text and Order.objects.count() == 2
    other_client = card_order(DjangoTestApp(), stripe, products[0], country, "guest9@example.com", ip="192.0.2.50")
    assert other_client.request.path == "/shop/checkout/thank-you/"


def test_a_finished_or_paid_order_does_not_count_against_the_shopper(django_app, stripe, settings, products,
                                                                      country):
    settings.UNPAID_ORDERS_PER_CUSTOMER = 1
    card_order(django_app, stripe, products[0], country, "paid@example.com", card="4242424242424242")
    page = card_order(django_app, stripe, products[0], country, "paid@example.com")
    assert page.request.path == "/shop/checkout/thank-you/"


def test_an_unfinished_3d_secure_order_releases_its_stock_after_the_authentication_window(
        django_app, stripe, settings, products, country):
    settings.PAYMENT_AUTHENTICATION_MINUTES = 15
    settings.PAYMENT_ABANDONED_AFTER_MINUTES = 60
    quince = products[2]  # 2 in stock
    card_order(django_app, stripe, quince, country, "slow@example.com")
    card_order(django_app, stripe, quince, country, "paying@example.com", card="4242424242424242")
    waiting = Payment.objects.get(status=Payment.Status.REQUIRES_ACTION)
    processing = Payment.objects.get(status=Payment.Status.PROCESSING)
    assert quince.stockrecords.get().num_allocated == 2

    Payment.objects.filter(pk=waiting.pk).update(created_at=timezone.now() - timedelta(minutes=10))
    assert cancel_abandoned_orders() == 0  # still inside the window: the shopper may be at their bank

    twenty_minutes_ago = timezone.now() - timedelta(minutes=20)
    Payment.objects.update(created_at=twenty_minutes_ago)
    Order.objects.update(date_placed=twenty_minutes_ago)
    assert cancel_abandoned_orders() == 1

    assert Order.objects.get(number=waiting.order_number).status == "Cancelled"
    assert Order.objects.get(number=processing.order_number).status == "Pending"  # an hour, not 15 minutes
    assert quince.stockrecords.get().num_allocated == 1
    [intent] = stripe.intents_for(waiting.order_number)
    assert intent["status"] == "canceled"
