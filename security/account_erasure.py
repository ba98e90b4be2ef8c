"""Deleting a customer's account: the person goes, the orders stay for the accounts.

Driven by security/personal_data.HOLDINGS, table by table, in its order: rows marked
DELETE are deleted, ANONYMISE rows are wiped by the function below for their table,
CASCADE rows go with the account (deleted last), KEEP rows hold nothing personal, and
UNLINKED tables have nothing provably the account's.

Only what is provably the account's is touched. Registration doesn't verify the email
address, so a guest order, an anonymous stock alert or a queued email that only shares
the address may be another person's: anonymising it would let anyone who signs up with
that address and deletes the account destroy the shipping details of someone else's
paid order. Orders are the account's when order.user is the account (placed signed in,
or adopted from the thank-you page, see commerce/checkout/guest_account.py).

The newsletter subscription the account asked for (the registration box, the account's
newsletter page: the only places that link one to an account) is deleted, so no newsletter
goes to the address again. A subscription with the same address that isn't linked to the
account is left alone: confirming by email proves who reads the mailbox, not who opened the
account, and an address already subscribed is never re-linked to a new account.

Orders are financial records (tax, refunds, disputes), so they are kept with their
numbers, lines, totals, country and state, but names, street, postcode, phone, delivery
notes and email are wiped and the order no longer points at a user. Stripe's stored
events about their payments keep ids, amounts and status but lose the person.
"""
from django.db import transaction

from .personal_data import HOLDINGS, Erasure, Person, without_personal_parts

REMOVED = "[removed]"
WIPED_ADDRESS_FIELDS = {"title": "", "first_name": "", "last_name": REMOVED, "line1": REMOVED, "line2": "",
                        "line3": "", "line4": "", "postcode": "", "phone_number": "", "notes": ""}


def _wipe_addresses(addresses):
    for address in addresses:
        for name, value in WIPED_ADDRESS_FIELDS.items():
            if hasattr(address, name):
                setattr(address, name, value)
        address.save()  # Oscar's save rebuilds search_text from the wiped fields


def _unlink_orders(orders):
    orders.update(user=None, guest_email="")


def _scrub_payment_events(events):
    for event in events:
        event.payload = without_personal_parts(event.payload)
        event.save(update_fields=["payload"])


def _unlink(rows):
    rows.update(user=None)


def _anonymise_returns(returns):
    returns.update(requested_by=None, note="")


def _unlink_steps(steps):
    steps.update(by=None)


def _delete_reviews(reviews):
    for review in reviews:
        review.delete()  # Oscar's delete recounts the product's rating


def _delete_votes(votes):
    reviews = {vote.review for vote in votes.select_related("review")}
    votes.delete()
    for review in reviews:
        review.update_totals()


# The tables whose erasure is more than a plain delete (every ANONYMISE holding has one).
ERASERS = {
    "order.ShippingAddress": _wipe_addresses,
    "order.BillingAddress": _wipe_addresses,
    "order.Order": _unlink_orders,
    "payments.StripeEvent": _scrub_payment_events,
    "returns.ReturnRequest": _anonymise_returns,
    "returns.ReturnStep": _unlink_steps,
    "voucher.VoucherApplication": _unlink,
    "reviews.ProductReview": _delete_reviews,
    "reviews.Vote": _delete_votes,
}


@transaction.atomic
def erase_customer(user):
    """Anonymise the customer's orders and delete the account and what hangs off it."""
    person = Person(user)
    for holding in HOLDINGS:
        if holding.erasure in (Erasure.DELETE, Erasure.ANONYMISE):
            rows = holding.find(person)
            if holding.label in ERASERS:
                ERASERS[holding.label](rows)
            else:
                rows.delete()
