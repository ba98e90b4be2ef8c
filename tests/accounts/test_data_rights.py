"""A customer's data rights from the account pages: download everything we hold as JSON,
and delete the account, after which orders remain for the accounts without the person."""
import json
from datetime import date
from decimal import Decimal
from functools import reduce
from operator import or_
from types import SimpleNamespace

import pytest
from axes.models import AccessAttempt, AccessLog
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core import signing
from django.db import connection, models
from django.db.models import CharField, JSONField, Q, TextField
from django.db.models.functions import Cast
from django.test import Client
from django.test.utils import CaptureQueriesContext, isolate_apps
from django.utils import timezone
from oscar.core.loading import get_class, get_model
from oscar.test import factories

from commerce.order.emails import send_order_email
from commerce.payments.models import Payment, SavedCard, StripeCustomer, StripeEvent
from content.models import ContactSubmission, PromotionPage
from newsletter import subscriptions
from newsletter.campaigns import schedule
from newsletter.models import Newsletter
from newsletter.subscriptions import request_subscription
from outbox.models import OutgoingEmail
from search.models import SearchQuery
from security.account_erasure import erase_customer
from security.personal_data import HOLDINGS, NOT_PERSONAL, Erasure, Person, holds_personal_data, unaccounted
from tests.factories import place_order, publish

pytestmark = pytest.mark.django_db
Order = get_model("order", "Order")
OrderNote = get_model("order", "OrderNote")
UserAddress = get_model("address", "UserAddress")
Basket = get_model("basket", "Basket")
WishList = get_model("wishlists", "WishList")
WishListSharedEmail = get_model("wishlists", "WishListSharedEmail")
ProductAlert = get_model("customer", "ProductAlert")
ProductReview = get_model("reviews", "ProductReview")
Vote = get_model("reviews", "Vote")
Notification = get_model("communication", "Notification")
VoucherApplication = get_model("voucher", "VoucherApplication")
Bankcard = get_model("payment", "Bankcard")
UserRecord = get_model("analytics", "UserRecord")
UserProductView = get_model("analytics", "UserProductView")
UserSearch = get_model("analytics", "UserSearch")
CustomerDispatcher = get_class("customer.utils", "CustomerDispatcher")
User = get_user_model()


@pytest.fixture
def address_book(shopper, country):
    return UserAddress.objects.create(user=shopper, first_name="Ada", last_name="Lovelace", line1="12 Quince Lane",
                                      line4="Hudson", state="NY", postcode="10001", country=country,
                                      is_default_for_shipping=True)


def test_the_profile_page_offers_both_rights(shopper_client):
    page = shopper_client.get("/shop/accounts/profile/").content.decode()
    assert 'href="/shop/accounts/my-data/"' in page and "Download my data" in page
    assert 'href="/shop/accounts/profile/delete/"' in page and "Delete my account" in page


def test_download_my_data_holds_account_addresses_and_orders(shopper_client, shopper, address_book, products,
                                                             country):
    order = place_order((products[0], 2), user=shopper, country=country)
    stranger = User.objects.create_user(email="mallory@example.com", password="x-long-password-1")
    place_order((products[1], 2), user=stranger, country=country, street="1 Secret St")

    response = shopper_client.get("/shop/accounts/my-data/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith("attachment;")
    data = json.loads(response.content)
    assert data["account"]["email"] == "ada@example.com"
    assert [a["line1"] for a in data["addresses"]] == ["12 Quince Lane"]
    assert data["addresses"][0]["default_for_shipping"] is True
    [mine] = data["orders"]
    assert mine["number"] == str(order.number)
    assert Decimal(mine["total_incl_tax"]) == order.total_incl_tax
    assert mine["lines"][0]["product"] == "Damson jam" and mine["lines"][0]["quantity"] == 2
    assert mine["shipping_address"]["line1"] == "12 Quince Lane"
    assert "1 Secret St" not in response.content.decode() and "mallory" not in response.content.decode()


def test_the_download_costs_the_same_queries_for_one_order_or_many(shopper_client, shopper, products, country):
    place_order((products[0], 2), user=shopper, country=country)
    with CaptureQueriesContext(connection) as one:
        shopper_client.get("/shop/accounts/my-data/")
    for _ in range(4):
        place_order((products[1], 2), user=shopper, country=country)
    with CaptureQueriesContext(connection) as five:
        response = shopper_client.get("/shop/accounts/my-data/")
    assert len(json.loads(response.content)["orders"]) == 5
    assert len(five) == len(one)


def test_only_a_signed_in_customer_can_download(client):
    response = client.get("/shop/accounts/my-data/")
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_a_wrong_password_deletes_nothing(shopper_client, shopper):
    response = shopper_client.post("/shop/accounts/profile/delete/", {"password": "not-it-at-all"})
    assert response.status_code == 200
    assert User.objects.filter(pk=shopper.pk).exists()


def test_deleting_the_account_keeps_orders_without_the_person(shopper_client, shopper, password, address_book,
                                                             products, country):
    order = place_order((products[0], 2), user=shopper, country=country)
    total = order.total_incl_tax
    OutgoingEmail.objects.create(to=shopper.email, key=f"order-placed:{order.number}", subject="Your order",
                                 body_text="12 Quince Lane")

    response = shopper_client.post("/shop/accounts/profile/delete/", {"password": password})
    assert response.status_code == 302 and response["Location"] == "/"
    assert "Your account and personal details have been deleted" in shopper_client.get("/shop/basket/").content.decode()

    assert not User.objects.filter(email="ada@example.com").exists()
    assert not UserAddress.objects.exists()
    assert not OutgoingEmail.objects.filter(to="ada@example.com").exists()
    order.refresh_from_db()
    assert order.user is None and order.email == ""
    assert order.total_incl_tax == total and order.lines.get().quantity == 2
    for address in (order.shipping_address, order.billing_address):
        address.refresh_from_db()
        assert "Quince" not in address.line1 and address.first_name == "" and address.postcode == ""
        assert address.country == country  # kept: tax follows the destination
    assert str(order.shipping_address.phone_number or "") == ""
    # Signed out, and the old password opens nothing.
    assert "_auth_user_id" not in shopper_client.session
    assert not shopper_client.login(email="ada@example.com", password=password)


def test_setting_a_default_address_needs_a_post(shopper_client, address_book):
    url = f"/shop/accounts/addresses/{address_book.pk}/default_for_billing/"
    assert shopper_client.get(url).status_code == 405
    address_book.refresh_from_db()
    assert not address_book.is_default_for_billing
    page = shopper_client.get("/shop/accounts/addresses/").content.decode()
    assert f'<form method="post" action="{url}"' in page and "csrfmiddlewaretoken" in page
    assert shopper_client.post(url).status_code == 302
    address_book.refresh_from_db()
    assert address_book.is_default_for_billing


# Another person's guest order with the account's email address -------------------------------

def guest_order_for(email, products, country):
    """A guest order someone else placed, giving `email` (registration doesn't verify addresses)."""
    return place_order((products[2], 2), country=country, street="7 Harbour Road", name=("Grace", "Hopper"),
                       guest_email=email)


def test_deleting_an_account_leaves_a_guest_order_with_the_same_email_alone(shopper_client, shopper, password,
                                                                            products, country):
    mine = place_order((products[0], 2), user=shopper, country=country)
    theirs = guest_order_for(shopper.email, products, country)
    with_email = OutgoingEmail.objects.create(to=shopper.email, kind="ORDER_PLACED", subject="Your order",
                                              key=f"order-placed:{theirs.number}", body_text="7 Harbour Road")
    anonymous_alert = ProductAlert.objects.create(product=products[2], email=shopper.email)

    assert shopper_client.post("/shop/accounts/profile/delete/", {"password": password}).status_code == 302

    theirs.refresh_from_db()
    assert theirs.guest_email == "ada@example.com" and theirs.user is None
    for address in (theirs.shipping_address, theirs.billing_address):
        address.refresh_from_db()
        assert (address.first_name, address.last_name, address.line1) == ("Grace", "Hopper", "7 Harbour Road")
    theirs.shipping_address.refresh_from_db()
    assert theirs.shipping_address.postcode == "10001" and str(theirs.shipping_address.phone_number) == "+12125550123"
    assert OutgoingEmail.objects.filter(pk=with_email.pk).exists()  # their order confirmation still goes out
    assert ProductAlert.objects.filter(pk=anonymous_alert.pk).exists()
    mine.refresh_from_db()
    mine.shipping_address.refresh_from_db()
    assert mine.guest_email == "" and mine.shipping_address.line1 == "[removed]"


def test_a_guest_order_the_account_was_created_from_is_the_accounts_own(client, password, products, country):
    order = guest_order_for("grace@example.com", products, country)
    session = client.session
    session["checkout_order_id"] = order.pk
    session.save()
    response = client.post("/shop/checkout/create-account/", {"password1": password, "password2": password})
    assert response.status_code == 302
    grace = User.objects.get(email="grace@example.com")
    order.refresh_from_db()
    assert order.user == grace

    from security.data_export import customer_data
    assert [o["number"] for o in customer_data(grace)["orders"]] == [order.number]
    erase_customer(grace)
    order.refresh_from_db()
    order.shipping_address.refresh_from_db()
    assert order.user is None and order.guest_email == "" and order.shipping_address.line1 == "[removed]"


# Contact-form messages -----------------------------------------------------------------------

def test_a_contact_message_sent_signed_in_is_in_the_download_and_goes_with_the_account(
        client, shopper, password, contact, committed):
    def write(who, name, email, message):
        with committed():
            assert who.post("/contact/", {"name": name, "email": email, "message": message}).status_code == 200

    write(client, "Someone", shopper.email, "Sent signed out with her address")
    mallory = Client()
    mallory.force_login(User.objects.create_user(email="mallory@example.com", password="x-long-password-1"))
    write(mallory, "Mallory", "mallory@example.com", "Mallory's own question")
    client.force_login(shopper)
    write(client, "Ada", shopper.email, "Do you ship to Canada?")
    theirs = {m.pk: (m.form_data, m.user_id) for m in ContactSubmission.objects.exclude(user=shopper)}
    assert len(theirs) == 2

    data = json.loads(client.get("/shop/accounts/my-data/").content)
    assert [m["fields"] for m in data["contact_messages"]] == [
        {"name": "Ada", "email": shopper.email, "message": "Do you ship to Canada?"}]
    assert data["contact_messages"][0]["sent"]
    text = json.dumps(data)
    assert "Sent signed out" not in text and "Mallory's own question" not in text

    assert client.post("/shop/accounts/profile/delete/", {"password": password}).status_code == 302
    assert {m.pk: (m.form_data, m.user_id) for m in ContactSubmission.objects.all()} == theirs
    assert not OutgoingEmail.objects.filter(body_text__contains="Do you ship to Canada?").exists()
    assert OutgoingEmail.objects.filter(body_text__contains="Sent signed out with her address").exists()


# One shopper with data in every table that can hold it ----------------------------------------

ADA = "ada@example.com"
NEEDLES = (ADA, "Lovelace", "Quince Lane")  # her email, name and street: nobody else's data has them


@pytest.fixture
def promotion(promotions):
    return publish(promotions, PromotionPage(title="Autumn pantry", slug="autumn", banner_text="20% off oils"))


def stripe_events(order_number, intent_id, email, name, street, prefix):
    address = {"line1": street, "city": "Hudson", "postal_code": "10001", "country": "US"}
    intent = {"id": intent_id, "object": "payment_intent", "amount": 1300, "currency": "usd", "status": "succeeded",
              "receipt_email": email, "shipping": {"name": name, "address": address, "phone": "+12125550123"},
              "metadata": {"order_number": order_number, "email": email}}
    charge = {"id": f"ch_{prefix}", "object": "charge", "payment_intent": intent_id, "amount": 1300,
              "amount_refunded": 0, "currency": "usd", "status": "succeeded", "receipt_email": email,
              "billing_details": {"name": name, "email": email, "phone": "+12125550123", "address": address},
              "payment_method_details": {"type": "card", "card": {"brand": "visa", "last4": "4242", "exp_month": 1,
                                                                   "exp_year": 2031, "fingerprint": "fpXYZ"}},
              "metadata": {"order_number": order_number, "email": email}}
    now = timezone.now()
    return [StripeEvent.objects.create(id=f"evt_{prefix}_1", type="payment_intent.succeeded", created=now,
                                       payload=intent, outcome="paid"),
            StripeEvent.objects.create(id=f"evt_{prefix}_2", type="charge.refunded", created=now, payload=charge,
                                       outcome="no change")]


@pytest.fixture
def everywhere(shopper, products, country, contact, promotion, address_book, client,
               django_capture_on_commit_callbacks):
    """Ada with an order (paid by card, emailed, noted), a review and a vote, a stock alert, a wish list,
    a saved basket, a newsletter subscription, searches, sign-ins, notifications, a saved card and a
    voucher; beside her another shopper, and a guest who gave Ada's address for their own order."""
    User.objects.filter(pk=shopper.pk).update(last_name="Lovelace")
    shopper.refresh_from_db()
    ns = SimpleNamespace(shopper=shopper, survivors=set())
    with django_capture_on_commit_callbacks(execute=True):
        ns.order = place_order((products[0], 2), user=shopper, country=country)
        send_order_email(ns.order, "ORDER_PLACED", key=f"order-placed:{ns.order.number}")
        OrderNote.objects.create(order=ns.order, note_type="Info", message="Leave it at 12 Quince Lane's porch")
        Payment.objects.create(order_number=ns.order.number, idempotency_key="ada-1", intent_id="pi_ada",
                               amount=ns.order.total_incl_tax, currency="USD", status="succeeded")
        ns.events = stripe_events(ns.order.number, "pi_ada", ADA, "Ada Lovelace", "12 Quince Lane", "ada")
        voucher = factories.VoucherFactory(code="WELCOME10")
        VoucherApplication.objects.create(voucher=voucher, user=shopper, order=ns.order)

        ns.stranger = User.objects.create_user(email="mallory@example.com", password="x-long-password-1")
        ns.stranger_order = place_order((products[1], 2), user=ns.stranger, country=country,
                                        street="1 Secret St", name=("Mallory", "Smith"))
        stranger_review = ProductReview.objects.create(product=products[1], user=ns.stranger, score=2,
                                                       title="Too sweet", body="Not for me",
                                                       status=ProductReview.APPROVED)
        ns.guest_order = guest_order_for(ADA, products, country)
        send_order_email(ns.guest_order, "ORDER_PLACED", key=f"order-placed:{ns.guest_order.number}")
        Payment.objects.create(order_number=ns.guest_order.number, idempotency_key="guest-1", intent_id="pi_guest",
                               amount=ns.guest_order.total_incl_tax, currency="USD", status="succeeded")
        ns.guest_events = stripe_events(ns.guest_order.number, "pi_guest", ADA, "Grace Hopper", "7 Harbour Road",
                                        "guest")

        ns.review = ProductReview.objects.create(product=products[0], user=shopper, score=5, title="Lovely jam",
                                                 body="Tastes of late summer", status=ProductReview.APPROVED)
        ns.stranger_review = stranger_review
        Vote.objects.create(review=stranger_review, user=shopper, delta=Vote.UP)
        ProductAlert.objects.create(product=products[2], user=shopper)
        ns.anonymous_alert = ProductAlert.objects.create(product=products[2], email=ADA)
        wishlist = WishList.objects.create(owner=shopper, name="Christmas")
        wishlist.add(products[1])
        WishListSharedEmail.objects.create(wishlist=wishlist, email="grace@example.com")
        saved = factories.create_basket(empty=True)
        saved.add_product(products[2], 1)
        Basket.objects.filter(pk=saved.pk).update(owner=shopper, status=Basket.SAVED)

        request_subscription(ADA, user=shopper)
        subscriptions.confirm(signing.dumps(ADA, salt=subscriptions.CONFIRM_SALT))
        request_subscription(ns.stranger.email, user=ns.stranger)
        subscriptions.confirm(signing.dumps(ns.stranger.email, salt=subscriptions.CONFIRM_SALT))

        CustomerDispatcher().send_registration_email_for_user(shopper, {"user": shopper})
        Notification.objects.create(recipient=shopper, subject="Quince paste is back", body="Back in stock")
        SearchQuery.objects.create(query="Damson", normalized="damson", results_count=1, user=shopper)
        UserSearch.objects.create(user=shopper, query="marmalade")
        UserProductView.objects.create(user=shopper, product=products[0])
        UserRecord.objects.update_or_create(user=shopper, defaults={"num_product_views": 1})
        Bankcard.objects.create(user=shopper, card_type="Visa", name="Ada Lovelace", number="4000056655665556",
                                expiry_date=date(2031, 1, 31))
        StripeCustomer.objects.create(user=shopper, customer_id="cus_ada")
        SavedCard.objects.create(user=shopper, stripe_customer_id="cus_ada", payment_method_id="pm_ada_visa",
                                 brand="visa", last4="4242", exp_month=12, exp_year=2034)
        AccessLog.objects.create(username=ADA, ip_address="203.0.113.9", user_agent="Firefox", http_accept="*/*",
                                 path_info="/shop/accounts/login/", attempt_time=timezone.now())
        AccessAttempt.objects.create(username=ADA, ip_address="198.51.100.7", user_agent="curl", http_accept="*/*",
                                     path_info="/shop/accounts/login/", attempt_time=timezone.now(),
                                     failures_since_start=1)

        # Someone signed out typed her address into the contact form; then she wrote signed in, and
        # so did the other shopper.
        assert client.post("/contact/", {"name": "A friend", "email": ADA, "message": "Is the quince paste vegan?"},
                           REMOTE_ADDR="127.0.0.1").status_code == 200
        client.force_login(shopper)
        assert client.post("/contact/", {"name": "Ada Lovelace", "email": ADA, "message": "Do you ship to Canada?"},
                           REMOTE_ADDR="127.0.0.1").status_code == 200
        stranger_client = Client()
        stranger_client.force_login(ns.stranger)
        assert stranger_client.post("/contact/", {"name": "Mallory", "email": ns.stranger.email,
                                                  "message": "Where is my parcel?"}).status_code == 200
    ns.submission = ContactSubmission.objects.get(user=shopper)
    ns.signed_out_submission = ContactSubmission.objects.get(user=None)
    ns.stranger_submission = ContactSubmission.objects.get(user=ns.stranger)
    ns.client = client
    # Rows with her address that aren't provably hers: the guest's order, its emails and payment
    # events, the anonymous alert, the contact message sent signed out and the two emails it queued.
    ns.survivors = rows_mentioning(ADA) - rows_provably_hers(Person(shopper))
    return ns


def text_columns(model):
    return [f for f in model._meta.local_fields if isinstance(f, (CharField, TextField, JSONField))]


def rows_mentioning(needle):
    """(model label, pk) of every row in the database with `needle` in a text or JSON column."""
    found = set()
    for model in apps.get_models():
        columns = text_columns(model)
        if model._meta.proxy or not model._meta.managed or not columns:
            continue
        rows = model._base_manager.annotate(**{f"_text{i}": Cast(f.name, TextField()) for i, f in enumerate(columns)})
        match = reduce(or_, (Q(**{f"_text{i}__icontains": needle}) for i in range(len(columns))))
        found |= {(model._meta.label, pk) for pk in rows.filter(match).values_list("pk", flat=True)}
    return found


def rows_provably_hers(person):
    return {(h.label, pk) for h in HOLDINGS if h.rows for pk in h.find(person).values_list("pk", flat=True)}


def test_the_download_holds_every_kind_of_data_that_is_hers(everywhere, products):
    data = json.loads(everywhere.client.get("/shop/accounts/my-data/").content)
    ns = everywhere

    [order] = data["orders"]
    assert order["number"] == ns.order.number and order["shipping_address"]["line1"] == "12 Quince Lane"
    assert [e["email"] for e in order["emails_sent"]] == ["Order placed and paid"]
    assert [n["note"] for n in order["notes"]] == ["Leave it at 12 Quince Lane's porch"]
    assert [(p["order"], p["reference"], p["status"]) for p in data["payments"]] == [
        (ns.order.number, "pi_ada", "succeeded")]
    events = {e["event"]: e["details"] for e in data["payment_events"]}
    assert set(events) == {"evt_ada_1", "evt_ada_2"}
    assert events["evt_ada_2"]["billing_details"]["name"] == "Ada Lovelace"
    assert events["evt_ada_1"]["metadata.email"] == ADA and "amount" not in events["evt_ada_1"]
    assert [v["voucher"] for v in data["vouchers_used"]] == ["WELCOME10"]
    assert [(r["product"], r["score"], r["review"]) for r in data["reviews"]] == [
        ("Damson jam", 5, "Tastes of late summer")]
    assert [v["review"] for v in data["review_votes"]] == ["Too sweet"]
    assert [a["product"] for a in data["stock_alerts"]] == ["Quince paste"]  # not the anonymous one
    assert data["wishlists"] == [{"name": "Christmas", "visibility": "Private", "products": ["Seville marmalade"]}]
    saved = [b for b in data["baskets"] if b["status"] == "Saved"]  # (and the open one signing in made)
    assert [[line["product"] for line in b["lines"]] for b in saved] == [["Quince paste"]]
    assert [(s["email"], s["status"]) for s in data["newsletter"]] == [(ADA, "Subscribed")]
    assert [s["searched"] for s in data["search_history"]] == ["Damson"]
    assert [s["searched"] for s in data["analytics_searches"]] == ["marmalade"]
    assert [v["product"] for v in data["product_views"]] == ["Damson jam"]
    assert data["shopping_statistics"][0]["product_views"] == 1
    assert ("203.0.113.9", "Firefox") in [(s["ip_address"], s["browser"]) for s in data["sign_ins"]]
    assert [n["subject"] for n in data["notifications"]] == ["Quince paste is back"]
    assert [c["type"] for c in data["saved_cards"]] == ["Visa"] and "5556" in data["saved_cards"][0]["number"]
    assert [(c["brand"], c["last4"], c["expires"]) for c in data["stripe_saved_cards"]] == [("visa", "4242", "12/2034")]
    assert [c["stripe_customer_id"] for c in data["stripe_customer"]] == ["cus_ada"]
    assert data["email_history"] and all(e["to"] == ADA for e in data["email_history"])
    kinds = {OutgoingEmail.objects.get(subject=e["subject"], to=e["to"], created_at=e["queued"]).kind
             for e in data["outbox"]}
    # (her contact message's notification to staff; its acknowledgement wasn't sent, the address had one)
    assert kinds == {"ORDER_PLACED", "NEWSLETTER_CONFIRM", "REGISTRATION", "contact-staff"}
    [message] = data["contact_messages"]
    assert message["fields"] == {"name": "Ada Lovelace", "email": ADA, "message": "Do you ship to Canada?"}
    assert message["page"] == "Contact" and message["sent"] == ns.submission.submit_time.isoformat()

    text = json.dumps(data)
    for theirs in (ns.guest_order.number, "Harbour Road", "Grace", "Hopper", "pi_guest", "mallory", "Secret St",
                   "Is the quince paste vegan?", "A friend", "Where is my parcel?", "198.51.100.7"):
        assert theirs not in text
    assert '"key"' not in text  # wish lists' shared-link keys stay out


def test_deleting_the_account_leaves_no_trace_of_her_and_touches_nobody_elses_data(
        everywhere, password, promotion, products, django_capture_on_commit_callbacks):
    ns = everywhere
    person = Person(ns.shopper)
    guest_before = [e.payload for e in ns.guest_events]
    stranger_address = ns.stranger_order.shipping_address.line1
    products[0].refresh_from_db()
    assert products[0].rating == 5
    survivor_mail = [pk for label, pk in ns.survivors if label == "notifications.OutgoingEmail"]
    assert sorted(OutgoingEmail.objects.filter(pk__in=survivor_mail).values_list("kind", flat=True)) == [
        "ORDER_PLACED", "contact-ack", "contact-staff"]  # the guest's confirmation, the contact form's two
    assert {label for label, _ in ns.survivors} == {
        "order.Order", "payments.StripeEvent", "customer.ProductAlert", "content.ContactSubmission",
        "notifications.OutgoingEmail"}
    assert ("content.ContactSubmission", ns.signed_out_submission.pk) in ns.survivors

    response = ns.client.post("/shop/accounts/profile/delete/", {"password": password})
    assert response.status_code == 302

    assert rows_mentioning("Lovelace") == set() and rows_mentioning("Quince Lane") == set()
    assert rows_mentioning(ADA) == ns.survivors
    for holding in HOLDINGS:  # nothing provably hers is left to find, but the kept records
        if holding.rows and holding.erasure not in (Erasure.ANONYMISE, Erasure.KEEP):
            assert not holding.find(person).exists(), holding.label

    ns.order.refresh_from_db()
    assert ns.order.user is None and ns.order.guest_email == "" and ns.order.lines.get().quantity == 2
    assert Payment.objects.get(intent_id="pi_ada").status == "succeeded"
    intent, charge = (StripeEvent.objects.get(pk=e.pk).payload for e in ns.events)
    assert (intent["id"], intent["amount"], intent["status"]) == ("pi_ada", 1300, "succeeded")
    assert intent["metadata"] == {"order_number": ns.order.number, "email": None}
    assert intent["receipt_email"] is None and intent["shipping"] is None
    assert (charge["id"], charge["payment_intent"], charge["amount_refunded"]) == ("ch_ada", "pi_ada", 0)
    assert charge["billing_details"] is None and charge["payment_method_details"]["card"] == {
        "brand": "visa", "last4": None, "exp_month": None, "exp_year": None, "fingerprint": None}
    assert VoucherApplication.objects.get().user is None  # the voucher stays used
    products[0].refresh_from_db()
    ns.stranger_review.refresh_from_db()
    assert products[0].rating is None and ns.stranger_review.total_votes == 0

    # Nobody else's data changed.
    assert [e.payload for e in StripeEvent.objects.filter(pk__in=[e.pk for e in ns.guest_events])] == guest_before
    ns.guest_order.refresh_from_db()
    ns.guest_order.shipping_address.refresh_from_db()
    assert ns.guest_order.guest_email == ADA and ns.guest_order.shipping_address.last_name == "Hopper"
    ns.stranger_order.shipping_address.refresh_from_db()
    assert ns.stranger_order.shipping_address.line1 == stranger_address
    assert not ContactSubmission.objects.filter(pk=ns.submission.pk).exists()
    assert not OutgoingEmail.objects.filter(key__startswith=f"contact:{ns.submission.pk}:").exists()
    assert ContactSubmission.objects.get(pk=ns.signed_out_submission.pk).form_data == {
        "name": "A friend", "email": ADA, "message": "Is the quince paste vegan?"}
    assert ContactSubmission.objects.get(pk=ns.stranger_submission.pk).user == ns.stranger
    assert OutgoingEmail.objects.filter(key__startswith=f"contact:{ns.stranger_submission.pk}:").count() == 2
    assert ProductAlert.objects.filter(pk=ns.anonymous_alert.pk).exists()

    # The next newsletter reaches the other subscriber only.
    newsletter = Newsletter(title="Autumn in the larder")
    newsletter.save()
    newsletter.save_revision().publish()
    with django_capture_on_commit_callbacks(execute=True):
        schedule(newsletter, segment="all")
    assert list(OutgoingEmail.objects.filter(kind="NEWSLETTER").values_list("to", flat=True)) == [
        "mallory@example.com"]


# The list of tables -------------------------------------------------------------------------

def account_links(model):
    return [f for f in (*model._meta.local_fields, *model._meta.local_many_to_many)
            if f.is_relation and f.related_model is User]


def test_every_table_holding_personal_data_is_on_the_list():
    assert unaccounted(apps.get_models()) == []


def test_the_rule_finds_every_table_linked_to_an_account():
    linked = [m for m in apps.get_models() if account_links(m)]
    assert len(linked) > 30
    assert [m._meta.label for m in linked if not holds_personal_data(m)] == []


@isolate_apps("tests")
def test_a_new_table_with_personal_data_is_caught_until_it_is_listed():
    class Wishbone(models.Model):  # noqa: DJ008
        owner = models.ForeignKey(User, on_delete=models.CASCADE)

        class Meta:
            app_label = "tests"

    class Postcard(models.Model):  # noqa: DJ008
        sent_to = models.EmailField()

        class Meta:
            app_label = "tests"

    class Colour(models.Model):  # noqa: DJ008
        name = models.CharField(max_length=20)

        class Meta:
            app_label = "tests"

    assert unaccounted([Wishbone, Postcard, Colour]) == ["tests.Postcard", "tests.Wishbone"]


def test_the_list_names_each_installed_table_once_and_says_what_happens_to_it():
    from security.account_erasure import ERASERS
    from security.data_export import SECTIONS

    installed = {m._meta.label for m in apps.get_models()}
    labels = [h.label for h in HOLDINGS]
    assert len(labels) == len(set(labels)) and not set(labels) & set(NOT_PERSONAL)
    assert set(labels) <= installed
    assert set(NOT_PERSONAL) - installed <= {"wagtailsearch.SQLiteFTSIndexEntry"}  # exists on SQLite only
    assert all(reason for reason in NOT_PERSONAL.values())
    assert [label for label in NOT_PERSONAL if label in installed  # each exception is one the rule needs
            and not holds_personal_data(apps.get_model(label))] == []
    sections = [h.section for h in HOLDINGS if h.section]
    assert len(sections) == len(set(sections)) and set(sections) == set(SECTIONS)
    assert HOLDINGS[-1].label == "accounts.User"  # deleted last, once everything reached through it is done
    for h in HOLDINGS:
        assert (h.rows is None) == (h.erasure == Erasure.UNLINKED), h.label
        assert h.why or h.section, f"{h.label}: say where it is in the download, or why it isn't"
        if h.erasure == Erasure.ANONYMISE:
            assert h.label in ERASERS, f"{h.label}: anonymised by what?"
        if h.label in ERASERS:
            assert h.erasure in (Erasure.DELETE, Erasure.ANONYMISE), h.label
        if h.erasure == Erasure.CASCADE:  # every step from the row to the account deletes on delete
            model = h.model
            for name in h.rows.path.split("__"):
                field = model._meta.get_field(name)
                assert field.remote_field.on_delete is models.CASCADE, f"{h.label}: {name} is not CASCADE"
                model = field.related_model
            assert model is User, h.label
