"""Deleting a customer's account: the person goes, the orders stay for the accounts.

Orders are financial records (tax, refunds, disputes), so they are kept with their
numbers, lines, totals, country and state, but names, street, postcode, phone, delivery
notes and email are wiped and the order no longer points at a user. Everything else
that is only about the person (address book, wish lists, baskets, alerts, reviews,
queued emails, search history, login attempts) is deleted with the account.
"""
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.db import transaction
from django.db.models import Q
from oscar.core.loading import get_model

from notifications.models import OutgoingEmail
from search.models import SearchQuery

Order = get_model("order", "Order")
ProductAlert = get_model("customer", "ProductAlert")
ProductReview = get_model("reviews", "ProductReview")

REMOVED = "[removed]"
WIPED_ADDRESS_FIELDS = {"title": "", "first_name": "", "last_name": REMOVED, "line1": REMOVED, "line2": "",
                        "line3": "", "line4": "", "postcode": "", "phone_number": "", "notes": ""}


def _wipe(address):
    if address is None:
        return
    for name, value in WIPED_ADDRESS_FIELDS.items():
        if hasattr(address, name):
            setattr(address, name, value)
    address.save()


@transaction.atomic
def erase_customer(user):
    """Anonymise the customer's orders and delete the account and what hangs off it."""
    email = user.email
    orders = (Order.objects.filter(Q(user=user) | Q(user__isnull=True, guest_email__iexact=email))
              .select_related("shipping_address", "billing_address"))
    for order in orders:
        _wipe(order.shipping_address)
        _wipe(order.billing_address)
        order.user = None
        order.guest_email = ""
        order.save(update_fields=["user", "guest_email"])
    ProductAlert.objects.filter(Q(user=user) | Q(email__iexact=email)).delete()
    ProductReview.objects.filter(user=user).delete()
    OutgoingEmail.objects.filter(to__iexact=email).delete()
    SearchQuery.objects.filter(user=user).delete()
    for log in (AccessAttempt, AccessLog, AccessFailureLog):
        log.objects.filter(username__iexact=email).delete()
    user.delete()  # cascades to the address book, wish lists, baskets, notifications, email history
