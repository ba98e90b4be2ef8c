"""Saved cards: a signed-in customer keeps a card at Stripe (localstripe) and pays with it later.

Given a customer who ticks "Save this card for next time", when they come back, then they
can pay with that card without typing it (the PaymentIntent is their Stripe Customer's,
with the saved PaymentMethod, for the exact total), remove it from their account (it is
detached at Stripe and gone from checkout), and nobody else can pay with it: another
account's card id, or a card no longer attached to the customer at Stripe, is refused
with a 400 and no intent. Guests never see saved cards.
"""
from decimal import Decimal

import pytest
import requests
from oscar.core.loading import get_model

from commerce.payments.models import SavedCard, StripeCustomer
from commerce.payments.saved_cards import save_card
from tests.checkout_steps import (
    add_to_basket,
    choose_shipping,
    deliver,
    fill_address,
    guest_to_payment_step,
    press_place_order,
)
from tests.factories import make_user

Order = get_model("order", "Order")

pytestmark = pytest.mark.django_db

NOT_AVAILABLE = "That saved card is not available"


def to_payment(app, product, country, quantity=1):
    """A signed-in customer's basket and delivery address, up to the card step."""
    add_to_basket(app, product, quantity)
    page = app.get("/shop/checkout/").maybe_follow()
    form = page.forms["new_shipping_address"]
    fill_address(form, country)
    page = form.submit().maybe_follow()
    if page.request.path == "/shop/checkout/shipping-method/":
        page = choose_shipping(page, "standard")
    assert page.request.path == "/shop/checkout/payment-details/", page.request.path
    return page


def card_step(page, payment_method_id=None, save=False, saved_card=None, status=None):
    form = page.forms["card_payment_form"]
    if payment_method_id:
        form["payment_method_id"].force_value(payment_method_id)
    if save:
        form["save_card"] = True
    if saved_card is not None:
        form["saved_card"].force_value(str(saved_card))
    return form.submit(status=status)


def settle(client, stripe, order):
    [intent] = stripe.intents_for(order.number)
    body, signature = stripe.wait_for("payment_intent.succeeded", intent["id"])
    assert deliver(client, body, signature).status_code == 200
    order.refresh_from_db()
    return intent


def first_order_saving_the_card(app, client, stripe, products, country):
    payment_method = stripe.card()
    preview = card_step(to_payment(app, products[0], country), payment_method, save=True)
    press_place_order(app, preview)
    order = Order.objects.get()
    return order, settle(client, stripe, order), payment_method


def test_a_card_saved_on_the_first_order_pays_the_second(django_app, client, stripe, products, country, shopper):
    django_app.set_user(shopper)
    first, first_intent, payment_method = first_order_saving_the_card(django_app, client, stripe, products, country)

    [card] = SavedCard.objects.filter(user=shopper)
    customer_id = StripeCustomer.objects.get(user=shopper).customer_id
    assert (card.payment_method_id, card.stripe_customer_id, card.last4) == (payment_method, customer_id, "4242")
    assert card.brand.lower() == "visa" and (card.exp_month, card.exp_year) == (12, 2034)
    assert stripe.get(f"/v1/payment_methods/{payment_method}")["customer"] == customer_id
    assert first_intent["customer"] == customer_id and first_intent["payment_method"] == payment_method

    page = to_payment(django_app, products[1], country, quantity=2)  # 2 × $7.25 + $4.95 delivery
    assert "ending 4242, expires 12/2034" in page.text
    # Stripe's Payment Element is told the exact total to charge (deferred-intent mode).
    form = page.html.find(id="card_payment_form")
    assert (form["data-amount"], form["data-currency"]) == ("1945", "usd")
    preview = card_step(page, saved_card=card.pk)
    assert "your saved card: Visa ending 4242" in preview.text
    thank_you = press_place_order(django_app, preview)

    assert thank_you.request.path == "/shop/checkout/thank-you/"
    second = Order.objects.exclude(pk=first.pk).get()
    intent = settle(client, stripe, second)
    assert intent["customer"] == customer_id and intent["payment_method"] == payment_method
    assert intent["amount"] == 1945 and intent["currency"] == "usd" and intent["status"] == "succeeded"
    assert second.total_incl_tax == Decimal("19.45") and second.status == "Processing"
    assert SavedCard.objects.count() == 1  # paying with it doesn't save it again


def test_a_removed_card_is_gone_at_stripe_and_from_checkout(django_app, client, stripe, products, country, shopper):
    django_app.set_user(shopper)
    _, _, payment_method = first_order_saving_the_card(django_app, client, stripe, products, country)
    card = SavedCard.objects.get(user=shopper)

    page = django_app.get("/shop/accounts/").maybe_follow().click("Saved cards")
    assert "Visa ending 4242, expires 12/2034" in page.text
    page = page.forms[f"remove_card_{card.pk}"].submit().follow()

    assert "has been removed" in page.text and "You have no saved cards" in page.text
    assert not SavedCard.objects.exists()
    assert stripe.get(f"/v1/payment_methods/{payment_method}")["customer"] is None
    page = to_payment(django_app, products[1], country)
    assert "saved_card" not in page.forms["card_payment_form"].fields
    assert "ending 4242" not in page.text
    # Removing takes a POST with the form's CSRF token.
    django_app.post(f"/shop/accounts/saved-cards/{card.pk}/remove/", status=403)


def test_another_customers_saved_card_is_refused_and_never_charged(django_app, client, stripe, products, country,
                                                                   shopper, password):
    other = make_user("bob@example.com", password)
    theirs = save_card(other, stripe.card("5555555555554444"))
    django_app.set_user(shopper)
    mine = save_card(shopper, stripe.card())

    page = to_payment(django_app, products[0], country)
    assert "4444" not in page.text
    refused = card_step(page, saved_card=theirs.pk, status=400)
    assert NOT_AVAILABLE in refused.text
    refused = card_step(page, saved_card="not-a-number", status=400)
    assert NOT_AVAILABLE in refused.text
    django_app.post(f"/shop/accounts/saved-cards/{theirs.pk}/remove/",
                    {"csrfmiddlewaretoken": page.forms["card_payment_form"]["csrfmiddlewaretoken"].value}, status=404)

    # Our own row is not enough either: a card no longer attached to the customer at Stripe
    # (say, removed in Stripe's dashboard) is refused when the order is placed.
    stripe.post(f"/v1/payment_methods/{mine.payment_method_id}/detach", {})
    preview = card_step(page, saved_card=mine.pk)
    form = preview.forms["place_order_form"]
    refused = django_app.post(form.action, params=form.submit_fields(), status=400)
    assert NOT_AVAILABLE in refused.text

    assert stripe.get("/v1/payment_intents", limit=100)["data"] == []
    assert not Order.objects.exists()
    assert stripe.get(f"/v1/payment_methods/{theirs.payment_method_id}")["customer"] == theirs.stripe_customer_id


def test_a_guest_sees_no_saved_cards(django_app, stripe, products, country, shopper):
    saved = save_card(shopper, stripe.card())
    page = guest_to_payment_step(django_app, products[0], country)

    fields = page.forms["card_payment_form"].fields
    assert "saved_card" not in fields and "save_card" not in fields
    assert "Save this card" not in page.text and "ending 4242" not in page.text
    # A guest posting someone's saved-card id has still given no card.
    form = page.forms["card_payment_form"]
    refused = django_app.post(form.action, params=[*form.submit_fields(), ("saved_card", str(saved.pk))], status=400)
    assert "Enter your card details" in refused.text
    assert stripe.get("/v1/payment_intents", limit=100)["data"] == []


@pytest.mark.parametrize("number", ["4000000000000002", "4000000000000341"])  # declined at saving / at charging
def test_a_declined_card_is_not_kept(django_app, stripe, products, country, shopper, number):
    django_app.set_user(shopper)
    payment_method = stripe.card(number)
    preview = card_step(to_payment(django_app, products[0], country), payment_method, save=True)
    page = press_place_order(django_app, preview)

    assert "declined" in page.text and "Nothing was charged" in page.text
    assert not Order.objects.exists()
    assert not SavedCard.objects.exists()
    assert stripe.get(f"/v1/payment_methods/{payment_method}")["customer"] is None


def test_deleting_the_account_deletes_its_cards_at_stripe(django_app, stripe, shopper, password):
    payment_method = stripe.card()
    customer_id = save_card(shopper, payment_method).stripe_customer_id
    django_app.set_user(shopper)
    form = django_app.get("/shop/accounts/profile/delete/").forms["delete_profile_form"]
    form["password"] = password
    form.submit().follow()

    assert not SavedCard.objects.exists() and not StripeCustomer.objects.exists()
    assert stripe.get(f"/v1/payment_methods/{payment_method}")["customer"] is None
    response = requests.get(f"{stripe.base}/v1/customers/{customer_id}", headers=stripe.auth, timeout=10)
    assert response.status_code == 404
