"""Every table that holds a customer's personal data, in one list: how the rows are found for
an account, what deleting the account does to them, and where they appear in the download.

`account_erasure.erase_customer` and `data_export.customer_data` both walk `HOLDINGS`, and
tests/accounts/test_data_rights.py walks every installed model: one that matches `holds_personal_data`
must be here or in `NOT_PERSONAL` with its reason, so a new table can't be forgotten.

A row is this account's only when something the shop recorded ties it to the account: a
link to the user, or an order, payment or subscription that is itself linked. An email
address alone proves nothing, because registration doesn't verify it: anyone can open an
account with someone else's address. So guest orders, anonymous stock alerts, guest emails
and contact-form messages that merely share the address are neither exported nor erased.
(A guest order does become the account's when the account is created from that order's
thank-you page: commerce/checkout/guest_account.py sets order.user.)
"""
import re
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from django.apps import apps
from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q

from .lockout import SECOND_STEP_PREFIX


class Erasure(StrEnum):
    DELETE = "deleted before the account"
    CASCADE = "deleted by the database with the account (on_delete=CASCADE)"
    ANONYMISE = "kept as a financial or fulfilment record, its personal fields wiped"
    KEEP = "kept as it is: a financial record with nothing personal in it"
    UNLINKED = "nothing ties these rows to an account, so they are neither exported nor erased"


class Person:
    """The account being exported or erased, and the ids that tie other rows to it.

    They are read once, up front, so erasure finds the same rows after it has unlinked the
    orders from the account (a constant four queries, whatever the number of orders).
    """

    def __init__(self, user):
        Order = apps.get_model("order", "Order")
        Payment = apps.get_model("payments", "Payment")
        Subscriber = apps.get_model("newsletter", "Subscriber")
        ContactSubmission = apps.get_model("content", "ContactSubmission")
        self.user = user
        self.email = user.email
        self.order_numbers = list(Order.objects.filter(user=user).values_list("number", flat=True))
        self.intent_ids = list(Payment.objects.filter(order_number__in=self.order_numbers)
                               .exclude(intent_id=None).values_list("intent_id", flat=True))
        self.subscriber_ids = list(Subscriber.objects.filter(user=user).values_list("pk", flat=True))
        self.contact_message_ids = list(ContactSubmission.objects.filter(user=user).values_list("pk", flat=True))


# How rows are found. Each returns a function (person, model) -> QuerySet; `path` names the
# lookup for the reader (and lets the tests check a cascade really is one).

def linked(path="user"):
    """Rows whose `path` is the account."""
    def rows(person, model):
        return model._default_manager.filter(**{path: person.user})
    rows.path = path
    return rows


def of_orders(path):
    """Rows of the account's orders (`path` is the lookup for the order number)."""
    def rows(person, model):
        return model._default_manager.filter(**{f"{path}__in": person.order_numbers})
    rows.path = path
    return rows


def of_baskets(person, model):
    """Rows about the account's baskets, or about a guest basket that became one of its orders
    (a guest who agreed to reminders, then created the account from the thank-you page)."""
    return model._default_manager.filter(
        Q(basket__owner=person.user) | Q(basket__order__number__in=person.order_numbers)).distinct()


def the_account(person, model):
    return model._default_manager.filter(pk=person.user.pk)


def signed_in_as(person, model):
    """Login records (django-axes) for the account's email: that is the account's login name. Wrong
    sign-in codes of staff are counted under the same name with a prefix (security/lockout.py)."""
    return model._default_manager.filter(Q(username__iexact=person.email)
                                         | Q(username__iexact=f"{SECOND_STEP_PREFIX}{person.email}"))


def payment_events(person, model):
    """Stripe events about the payments of the account's orders: a PaymentIntent event's
    object is the intent (payload id), a charge event's names it (payload payment_intent),
    and every intent we create carries the order number in its metadata."""
    return model._default_manager.filter(
        Q(payload__id__in=person.intent_ids) | Q(payload__payment_intent__in=person.intent_ids)
        | Q(payload__metadata__order_number__in=person.order_numbers))


def of_subscriptions(person, model):
    """Rows naming the account's newsletter subscription (a newsletter send's recipients)."""
    return model._default_manager.filter(subscriber_id__in=person.subscriber_ids)


# Outbox keys that name an order (commerce/checkout/confirmation.py, commerce/order/emails.py),
# a newsletter subscriber (newsletter/subscriptions.py, newsletter/campaigns.py) or a contact
# message (content/models/contact.py: "contact:<id>:staff" and "contact:<id>:ack").
ORDER_EMAIL_KEYS = ("order-placed", "order-status", "order-refunded", "payment-failed")


def sent_to_account(person, model):
    """Queued and sent emails that are about the account: the ones keyed by its orders, its
    newsletter subscription or the contact messages it sent signed in (the staff notification
    quotes the message), and the ones Oscar logged in its email history (registration,
    password and email changes, order and stock-alert emails), matched by address, subject
    and text. Mail that only shares the address (a guest's order confirmation, the emails of
    a contact message sent signed out) is someone else's until proven otherwise, and is left alone."""
    Email = apps.get_model("communication", "Email")
    tied = Q(pk__in=[])
    if person.order_numbers:
        numbers = "|".join(re.escape(str(n)) for n in person.order_numbers)
        tied |= Q(key__regex=rf"^({'|'.join(ORDER_EMAIL_KEYS)}):({numbers})(:|$)")
    if person.subscriber_ids:
        ids = "|".join(str(pk) for pk in person.subscriber_ids)
        tied |= Q(key__regex=rf"^(newsletter-confirm:({ids}):|newsletter(-send)?:[0-9]+:({ids})$)")
    if person.contact_message_ids:
        ids = "|".join(str(pk) for pk in person.contact_message_ids)
        tied |= Q(key__regex=rf"^contact:({ids}):(staff|ack)$")
    history = Email.objects.filter(user=person.user)
    tied |= Q(to__in=history.values("email"), logged=True)
    return (model._default_manager
            .annotate(logged=Exists(history.filter(email=OuterRef("to"), subject=OuterRef("subject"),
                                                   body_text=OuterRef("body_text"))))
            .filter(tied))


def opens_and_clicks_of_account_mail(person, model):
    """Opens and clicks (email_tracking/) of the mail sent_to_account finds, matched by outbox key."""
    outbox = apps.get_model("notifications", "OutgoingEmail")
    return model._default_manager.filter(key__in=sent_to_account(person, outbox).values("key"))


@dataclass(frozen=True)
class Holding:
    label: str  # app_label.ModelName
    rows: Callable | None  # (person, model) -> the rows provably this account's; None: nothing ties rows to one
    erasure: Erasure
    section: str | None  # the download's key for these rows; None: `why` says where they are, or why not
    why: str = ""

    @property
    def model(self):
        return apps.get_model(self.label)

    def find(self, person):
        return self.rows(person, self.model)


# In the order erasure runs: everything else before the account, which goes last.
HOLDINGS = (
    Holding("order.ShippingAddress", of_orders("order__number"), Erasure.ANONYMISE, None,
            "In each order. Names, street, postcode, phone and delivery notes wiped; country and state kept "
            "because tax follows the destination."),
    Holding("order.BillingAddress", of_orders("order__number"), Erasure.ANONYMISE, None,
            "In each order; wiped like the shipping address."),
    Holding("order.OrderNote", of_orders("order__number"), Erasure.DELETE, None,
            "In each order. Staff's free-text notes can repeat the customer's details and are not part "
            "of the financial record, so they go. Notes a staff member wrote go with their account (cascade)."),
    Holding("order.Order", of_orders("number"), Erasure.ANONYMISE, "orders",
            "Orders with user = the account, including a guest order adopted from its thank-you page. "
            "Kept for the accounts (number, lines, totals, status); unlinked from the user, email wiped."),
    Holding("returns.ReturnRequest", of_orders("order__number"), Erasure.ANONYMISE, "returns",
            "Returns of the account's orders (commerce/returns): kept with the order for the accounts (RMA, "
            "lines, reason, refund); unlinked from the user, and the customer's own note wiped."),
    Holding("returns.ReturnStep", linked("by"), Erasure.ANONYMISE, None,
            "A return's history: the steps the customer took (asking for it) are in the returns section; "
            "kept on the order's timeline, unlinked from the user."),
    Holding("payments.Payment", of_orders("order_number"), Erasure.KEEP, "payments",
            "Intent id, amount, currency and state: the money record, nothing personal."),
    Holding("payments.StripeEvent", payment_events, Erasure.ANONYMISE, "payment_events",
            "Stripe's copy of the payment: email, names, addresses, phone and card details in the payload "
            "are blanked; ids, amounts, currency and status stay (accounts, and the redelivery check)."),
    Holding("voucher.VoucherApplication", linked("user"), Erasure.ANONYMISE, "vouchers_used",
            "Kept without the user, so a single-use voucher stays used."),
    Holding("reviews.ProductReview", linked("user"), Erasure.DELETE, "reviews",
            "Deleted one by one so each product's rating is recounted. Anonymous reviews carry only a "
            "typed name and email and are not provably the account's."),
    Holding("reviews.Vote", linked("user"), Erasure.DELETE, "review_votes",
            "Deleted, and the reviews' vote totals recounted."),
    Holding("newsletter.Recipient", of_subscriptions, Erasure.DELETE, None,
            "Which newsletter sends mailed the account's subscription (address and outbox key); the emails "
            "themselves are in the outbox section. Deleted with the subscription."),
    Holding("newsletter.Subscriber", linked("user"), Erasure.DELETE, "newsletter",
            "The subscription this account asked for (registration box, account page). Deleted, so no "
            "newsletter goes to the address; a subscription the account didn't ask for is left alone."),
    Holding("basket_reminders.BasketReminder", of_baskets, Erasure.DELETE, "basket_reminders",
            "Each basket reminder queued for the account's baskets: the address and when. The emails "
            "themselves are in the outbox and email history."),
    Holding("basket_reminders.ReminderConsent", of_baskets, Erasure.DELETE, "basket_reminder_consents",
            "A guest's yes to basket reminders, kept with the basket; the account's when that basket became "
            "one of its orders."),
    Holding("email_tracking.EmailOpen", opens_and_clicks_of_account_mail, Erasure.DELETE, None,
            "Only the outbox key and the time: no address, IP address or browser. Not in the download (there is "
            "nothing of hers in it but the key); deleted with the emails it names, before them."),
    Holding("email_tracking.EmailClick", opens_and_clicks_of_account_mail, Erasure.DELETE, None,
            "The outbox key, the link clicked and the time; like email_tracking.EmailOpen."),
    Holding("notifications.OutgoingEmail", sent_to_account, Erasure.DELETE, "outbox",
            "See sent_to_account: only mail provably about this account."),
    Holding("search.SearchQuery", linked("user"), Erasure.DELETE, "search_history",
            "Deleted (the link is SET_NULL, so the database alone would keep the queries)."),
    Holding("axes.AccessLog", signed_in_as, Erasure.DELETE, "sign_ins",
            "Successful sign-ins: time, IP address, browser."),
    Holding("axes.AccessAttempt", signed_in_as, Erasure.DELETE, None,
            "Failed sign-ins for the address: not in the download, since anyone can type an address, so the "
            "IP addresses aren't provably this person's; deleted, as the login they guard goes."),
    Holding("axes.AccessFailureLog", signed_in_as, Erasure.DELETE, None, "Like axes.AccessAttempt."),
    Holding("otp_totp.TOTPDevice", linked("user"), Erasure.CASCADE, "two_factor_apps",
            "A staff member's authenticator app (staff_2fa/): when it was added and last used; its secret key is "
            "never in the download (it would let anyone make the codes)."),
    Holding("otp_static.StaticDevice", linked("user"), Erasure.CASCADE, "recovery_codes",
            "A staff member's recovery codes (staff_2fa/): how many are left, not the codes themselves; the codes "
            "(otp_static.StaticToken) go with it."),
    Holding("address.UserAddress", linked("user"), Erasure.CASCADE, "addresses"),
    Holding("basket.Basket", linked("owner"), Erasure.CASCADE, "baskets",
            "Open and saved baskets in the download (submitted ones are the orders); lines go with them."),
    Holding("wishlists.WishList", linked("owner"), Erasure.CASCADE, "wishlists",
            "Name, visibility and products; the shared link's key is left out of the download."),
    Holding("wishlists.WishListSharedEmail", linked("wishlist__owner"), Erasure.CASCADE, None,
            "Not in the download: these are other people's addresses the list was shared with. They go "
            "with the wish list."),
    Holding("customer.ProductAlert", linked("user"), Erasure.CASCADE, "stock_alerts",
            "Alerts made signed in. Anonymous alerts only carry a typed email and are left alone."),
    Holding("communication.Email", linked("user"), Erasure.CASCADE, "email_history",
            "Oscar's log of emails sent to the account. Guest emails with the same address are not the account's."),
    Holding("communication.Notification", linked("recipient"), Erasure.CASCADE, "notifications",
            "Site messages to the account."),
    Holding("payment.Bankcard", linked("user"), Erasure.CASCADE, "saved_cards",
            "Oscar's saved cards (obfuscated number); unused with Stripe, covered all the same."),
    Holding("payments.SavedCard", linked("user"), Erasure.CASCADE, "stripe_saved_cards",
            "Cards saved at checkout: brand, last four and expiry; the card itself is held by Stripe."),
    Holding("payments.StripeCustomer", linked("user"), Erasure.CASCADE, "stripe_customer",
            "The id of the account's Stripe Customer, which holds its saved cards."),
    Holding("analytics.UserRecord", linked("user"), Erasure.CASCADE, "shopping_statistics"),
    Holding("analytics.UserProductView", linked("user"), Erasure.CASCADE, "product_views"),
    Holding("analytics.UserSearch", linked("user"), Erasure.CASCADE, "analytics_searches"),
    Holding("content.ContactSubmission", linked("user"), Erasure.CASCADE, "contact_messages",
            "Messages sent through the contact page while signed in: when, and the name, email and message "
            "typed. A message sent signed out has no account (user is empty) and only a typed email, which "
            "proves nothing, so it is neither exported nor erased with an account; staff delete one on "
            "request from Forms in the CMS."),
    Holding("wagtailforms.FormSubmission", None, Erasure.UNLINKED, None,
            "Wagtail's shared table for form pages without a submission table of their own: no link to an "
            "account. The shop's only form page, the contact page, keeps its messages in "
            "content.ContactSubmission (the ones sent before it were moved there); nothing writes here."),
    Holding("sessions.Session", None, Erasure.UNLINKED, None,
            "A session is found by its cookie, not by account. Deleting the account signs the browser out "
            "(its session is flushed); other devices' sessions sign nobody in once the account is gone and "
            "expire after SESSION_COOKIE_AGE."),
    Holding("accounts.User", the_account, Erasure.DELETE, "account",
            "The account itself, deleted last; everything marked cascade goes with it."),
)

# Models that match the rule below but hold no customer's data.
_CMS_STAFF = "CMS work by staff; customers never sign in to the Wagtail admin"
NOT_PERSONAL = {
    "admin.LogEntry": "Django admin history; only staff sign in there",
    "partner.Partner": "which staff members manage a supplier in the dashboard",
    "partner.PartnerAddress": "a supplier's business address",
    "offer.RangeProductFileUpload": "product-list uploads by staff in the dashboard",
    "order.OrderStatusChange": "an order's status history: the staff member who changed it and the system's "
                               "note (carrier and tracking number, refund); no customer details",
    "order.OrderDiscount": "the offer's message, the same for every customer",
    "payments.Refund": "an amount and the staff member who asked for the refund",
    "api.ApiKey": "an integration's API key (hashed) and the staff members who created and revoked it",
    "newsletter.Newsletter": "which staff member sent a newsletter",
    "basket_reminders.ReminderSettings": "the shop's reminder settings and the staff member who last changed them",
    "newsletter.Send": "a newsletter send: the staff member who scheduled it, the segment and the email as sent",
    "reports.ReportRun": "a report a staff member asked for (sales figures, no customer details)",
    "catalogue_files.ImportJob": "a catalogue or stock file a staff member uploaded and confirmed (products, "
                                 "prices and stock; no customer details)",
    "reports.ReportSubscription": "a staff member's choice to get the report emails",
    "content.ContentHealthSubscription": "an editor's choice to get the daily content health email",
    "content.ProductStory": "an editor's story of a product; the account named is the staff member editing it",
    "content.SiteFooter": "the shop's own contact details",
    "webhooks.Event": "the JSON sent to merchandisers' endpoints: order number, status and totals, product ids, SKUs "
                      "and stock levels, never a customer's name, email or address (webhooks/payloads.py)",
    "content.ContactPage": "the contact page, with the staff address messages go to",
    "content.HomePage": "published page text",
    "content.StandardPage": "published page text",
    "content.BlogPage": "published page text",
    "content.PromotionPage": "published page text",
    "wagtailsearch.IndexEntry": "the search index of published pages, images and documents",
    "wagtailsearch.SQLiteFTSIndexEntry": "the same index's full-text table (SQLite only)",
    "wagtailusers.UserProfile": f"admin preferences; {_CMS_STAFF}",
    "wagtaildocs.Document": _CMS_STAFF,
    "wagtailimages.Image": _CMS_STAFF,
    "wagtailadmin.EditingSession": _CMS_STAFF,
    "wagtailadmin.FormState": _CMS_STAFF,
    "wagtailcore.APIToken": _CMS_STAFF,
    "wagtailcore.ModelLogEntry": _CMS_STAFF,
    "wagtailcore.PageLogEntry": _CMS_STAFF,
    "wagtailcore.Revision": _CMS_STAFF,
    "wagtailcore.UploadedFile": _CMS_STAFF,
    "wagtailcore.WorkflowState": _CMS_STAFF,
    "wagtailcore.TaskState": _CMS_STAFF,
    "wagtailcore.Page": _CMS_STAFF,
    "wagtailcore.Comment": _CMS_STAFF,
    "wagtailcore.CommentReply": _CMS_STAFF,
    "wagtailcore.PageSubscription": _CMS_STAFF,
}

# The rule: a table holds personal data when one of its own columns links to an account or
# is named or typed like a person's details.
PERSONAL_FIELD_NAMES = {"email", "first_name", "last_name", "line1", "postcode", "ip_address", "user_agent",
                        "payload", "message", "body", "form_data", "session_data"}
PERSONAL_FIELD_TYPES = (models.EmailField, models.GenericIPAddressField)


def _links_to_account(field):
    target = field.related_model
    label = target if isinstance(target, str) else target._meta.label
    return label.lower() == settings.AUTH_USER_MODEL.lower()


def personal_fields(model):
    """The model's own columns (not inherited from a parent table) that make it personal data."""
    found = []
    for field in (*model._meta.local_fields, *model._meta.local_many_to_many):
        if field.is_relation:
            if _links_to_account(field):
                found.append(field.name)
        elif (field.name in PERSONAL_FIELD_NAMES or field.name.endswith("_email") or field.name.startswith("phone")
              or isinstance(field, PERSONAL_FIELD_TYPES)):
            found.append(field.name)
    return found


def holds_personal_data(model):
    return not model._meta.proxy and bool(personal_fields(model))


def unaccounted(models_):
    """Labels of models that hold personal data but are neither in HOLDINGS nor in NOT_PERSONAL."""
    known = {h.label for h in HOLDINGS} | set(NOT_PERSONAL)
    return sorted(m._meta.label for m in models_ if holds_personal_data(m) and m._meta.label not in known)


def holding(label):
    return next(h for h in HOLDINGS if h.label == label)


# Keys in a Stripe object that carry the person (at any depth): blanked on erasure, and what
# the download shows of each stored event. Ids, amounts, currency, status and the order
# number in the metadata are not among them.
PAYMENT_PERSONAL_KEYS = frozenset({
    "receipt_email", "billing_details", "shipping", "customer_details", "email", "name", "phone", "address",
    "receipt_url", "last4", "fingerprint", "exp_month", "exp_year", "ip_address", "user_agent",
})


def personal_parts(payload, path=""):
    """{dotted.path: value} of the personal keys in a Stripe object that hold something."""
    found = {}
    if isinstance(payload, dict):
        for key, value in payload.items():
            where = f"{path}.{key}" if path else key
            if key in PAYMENT_PERSONAL_KEYS:
                if value not in (None, "", {}, []):
                    found[where] = value
            else:
                found.update(personal_parts(value, where))
    elif isinstance(payload, list):
        for index, value in enumerate(payload):
            found.update(personal_parts(value, f"{path}.{index}"))
    return found


def without_personal_parts(payload):
    """A copy of a Stripe object with every personal key blanked (kept, set to None)."""
    if isinstance(payload, dict):
        return {key: None if key in PAYMENT_PERSONAL_KEYS else without_personal_parts(value)
                for key, value in payload.items()}
    if isinstance(payload, list):
        return [without_personal_parts(value) for value in payload]
    return payload
