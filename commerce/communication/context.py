"""What a shop email template can see: named plain values, never the models behind them.

Merchandisers edit the emails' subject, text and HTML templates at /shop/dashboard/comms/
(stored on CommunicationEventType). Those are Django templates, and Django templates
follow any attribute: given the order itself, `{{ order.user.password }}` prints the
customer's password hash, `{{ order.basket.owner... }}` or `{{ order.lines.all.0.order... }}`
walk anywhere, and the dashboard's preview shows the result on screen at once. So every
email is rendered (models.CommunicationEventType.get_messages) with a context made here:

* Each model instance becomes a `Record`: a read-only mapping of the fields an email
  needs, listed per model in OFFERED (order number, date, totals, lines, addresses,
  status, tracking; the customer's name and email; product title and link; site name…).
  A name not listed renders as nothing, as any unknown variable does. Related objects
  are Records too, so every path through them stays on the list, and a Record keeps its
  source out of reach (templates can't read names starting with an underscore).
* Querysets, related managers, lists and tuples become `Rows` (read-only, with the
  queryset calls templates use: all, count, first, last, exists).
* Strings, numbers, Decimals, dates, booleans and None pass unchanged, so filters such
  as `currency` and `date` give the same text as before; anything else (the request, its
  session, objects not on the list) is left out of the context.
* Templates stored in the database are compiled by `editable_engine()`: the project's
  template directories and loaders, but only the tag libraries a shop email needs
  (EMAIL_TEMPLATE_LIBRARIES), also for what they extend or include. Without that,
  `{% load wagtailsettings_tags %}{% get_settings %}` would put a model back into the
  context, and from it a user. The dashboard refuses such a template when it is saved
  (models.CommunicationEventType.clean).

Why a list of values rather than a sandbox that refuses sensitive attribute names: a
sandbox has to know every dangerous name on every model reachable from an order (password,
tokens, session data, payment references, other customers through any relation), and
each new field, relation or installed app adds names it doesn't know. A list fails
closed: what nobody put on it can't be printed, and a new email that needs a new value
has to name it here, where it is reviewed. Each value is read when a template first asks
for it, so an email that needs little costs no more queries than before.

Every email goes through this, the shipped file templates too: their text is unchanged
(tests/emails/test_templates.py renders each one both ways and compares).
"""
import datetime
import logging
from collections.abc import Mapping, Sequence
from decimal import Decimal
from functools import cache

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import models
from django.http import HttpRequest
from django.template import Engine, engines
from django.template.backends.django import get_installed_libraries
from django.utils.functional import LazyObject, Promise, empty

logger = logging.getLogger("commerce.communication")

# Model label -> the names a template may read from it (attributes, or methods taking no
# arguments, which are called). Values are made safe in turn, so a related model shows
# only its own list here, and one missing from this dict shows nothing.
OFFERED = {
    settings.AUTH_USER_MODEL: (
        "first_name", "last_name", "email", "name", "get_full_name", "get_short_name", "get_username",
        "is_authenticated", "date_joined",
    ),
    "sites.Site": ("name", "domain"),
    "order.Order": (
        "number", "date_placed", "status", "currency", "email", "guest_email", "is_anonymous", "user",
        "lines", "num_lines", "num_items", "shipping_address", "billing_address",
        "shipping_method", "shipping_code", "carrier", "carrier_name", "tracking_number", "tracking_url",
        "total_incl_tax", "total_excl_tax", "total_tax",
        "total_before_discounts_incl_tax", "total_before_discounts_excl_tax",
        "total_discount_incl_tax", "total_discount_excl_tax",
        "basket_total_incl_tax", "basket_total_excl_tax",
        "basket_total_before_discounts_incl_tax", "basket_total_before_discounts_excl_tax",
        "shipping_incl_tax", "shipping_excl_tax", "shipping_tax", "shipping_before_discounts_incl_tax",
        "has_shipping_discounts", "surcharge_incl_tax", "surcharge_excl_tax",
        "basket_discounts", "shipping_discounts", "surcharges", "credits_applied", "balance_after_credits",
    ),
    # an exchange's credit toward its replacement order (commerce/invoicing)
    "invoicing.CreditNote": ("number", "amount", "description", "issued_at"),
    "order.Surcharge": ("name", "code", "incl_tax", "excl_tax"),  # the order's tax lines
    "order.Line": (
        "title", "description", "quantity", "upc", "partner_sku", "partner_name", "status", "product",
        "unit_price_incl_tax", "unit_price_excl_tax", "unit_price_tax",
        "line_price_incl_tax", "line_price_excl_tax", "line_price_tax",
        "line_price_before_discounts_incl_tax", "line_price_before_discounts_excl_tax",
        "discount_incl_tax", "discount_excl_tax", "chosen_summary",
    ),
    "order.OrderDiscount": ("offer_name", "voucher_code", "amount", "description", "frequency"),
    "order.ShippingAddress": (
        "title", "first_name", "last_name", "name", "salutation", "line1", "line2", "line3", "line4", "city",
        "state", "postcode", "country", "summary", "active_address_fields", "phone_number", "notes",
    ),
    "order.BillingAddress": (
        "title", "first_name", "last_name", "name", "salutation", "line1", "line2", "line3", "line4", "city",
        "state", "postcode", "country", "summary", "active_address_fields",
    ),
    "address.Country": ("iso_3166_1_a2", "iso_3166_1_a3", "printable_name", "name", "code"),
    "catalogue.Product": ("title", "get_title", "upc", "description", "get_absolute_url", "is_public"),
    "partner.Partner": ("name", "code"),
    "partner.StockRecord": (
        "product", "partner", "partner_sku", "price", "price_currency", "num_in_stock", "num_allocated",
        "net_stock_level", "low_stock_threshold", "is_below_threshold",
    ),
    "partner.StockAlert": ("stockrecord", "threshold", "status", "date_created", "date_closed"),
    # The confirm and cancel links carry the alert's key: they are what its email is for.
    "customer.ProductAlert": (
        "product", "user", "email", "get_email_address", "status", "is_anonymous", "date_created",
        "get_confirm_url", "get_cancel_url",
    ),
    "voucher.Voucher": ("name", "code", "start_datetime", "end_datetime"),
    "newsletter.Subscriber": ("email", "status"),
    "newsletter.Newsletter": ("subject", "promotion"),
    "content.PromotionPage": ("title", "banner_text", "voucher", "starts_at", "ends_at", "url", "full_url"),
}

ANONYMOUS_USER = {"first_name": "", "last_name": "", "email": "", "name": "", "get_full_name": "",
                  "get_short_name": "", "get_username": "", "is_authenticated": False}

PLAIN = (str, int, float, Decimal, datetime.date, datetime.time, datetime.timedelta, type(None))

# The tag libraries an editable email may {% load %} (Django's builtins need no loading).
EMAIL_TEMPLATE_LIBRARIES = ("i18n", "l10n", "tz", "static", "humanize", "url_tags", "currency_filters")


class Record(Mapping):
    """A read-only, named set of safe values standing in for one object in a template.

    `read(name)` fetches a value the first time a template asks for it; `text()` is what
    `{{ record }}` prints (the object's own str). Neither is reachable from a template.
    """

    __slots__ = ("_names", "_read", "_text", "_values")

    def __init__(self, names, read, text=""):
        self._names, self._read, self._text, self._values = tuple(names), read, text, {}

    def __getitem__(self, name):
        if name not in self._names:
            raise KeyError(name)
        if name not in self._values:
            self._values[name] = safe_value(self._read(name), key=name)
        value = self._values[name]
        if value is LEFT_OUT:
            raise KeyError(name)  # renders as nothing, like a name not offered
        return value

    def __iter__(self):
        return iter(self._names)

    def __len__(self):
        return len(self._names)

    def __bool__(self):  # an object is true in `{% if %}` however few names it offers
        return True

    def __str__(self):
        return self._text() if callable(self._text) else self._text

    def __repr__(self):
        return f"<Record {', '.join(self._names)}>"


class Rows(Sequence):
    """A read-only list that answers the queryset calls a template makes; a queryset's rows
    are fetched (and made safe) when a template first uses them."""

    __slots__ = ("_source", "_items")

    def __init__(self, source):
        self._source, self._items = source, None

    def _rows(self):
        if self._items is None:
            items = self._source.all() if isinstance(self._source, (models.Manager, models.QuerySet)) else self._source
            self._items = tuple(item for item in map(safe_value, items) if item is not LEFT_OUT)
        return self._items

    def __getitem__(self, index):
        return self._rows()[index]

    def __len__(self):
        return len(self._rows())

    def __repr__(self):
        return f"<Rows of {len(self)}>"

    def all(self):
        return self

    def count(self, *value):
        return self._rows().count(*value) if value else len(self)

    def first(self):
        return self[0] if self else None

    def last(self):
        return self[-1] if self else None

    def exists(self):
        return bool(self)


def email_context(context):
    """The template context for an email: every value of `context` made safe, the rest left out."""
    safe = {}
    for key, value in (context or {}).items():
        value = safe_value(value, key=key)
        if value is not LEFT_OUT:
            safe[key] = value
    return safe


LEFT_OUT = object()


def safe_value(value, key=None):
    """`value` as a template may see it, or LEFT_OUT when it has no safe form."""
    if isinstance(value, LazyObject):  # request.user
        if value._wrapped is empty:
            value._setup()
        value = value._wrapped
    if isinstance(value, (Record, Rows)):
        return value
    if isinstance(value, Promise):  # lazy translations
        return str(value)
    if isinstance(value, PLAIN):
        return value
    if isinstance(value, models.Model):
        return _model_record(value, key)
    if isinstance(value, AnonymousUser):
        return Record(ANONYMOUS_USER, ANONYMOUS_USER.__getitem__, text=str(value))
    if isinstance(value, (list, tuple, models.Manager, models.QuerySet)):
        return Rows(value)
    if isinstance(value, Mapping):
        names = [name for name in value if isinstance(name, str)]
        return Record(names, value.__getitem__)
    if type(value).__name__ == "PhoneNumber":  # django-phonenumber-field, as a template prints it
        return str(value)
    if not isinstance(value, HttpRequest):
        logger.warning("Email context %r: a %s is not offered to templates", key, type(value).__name__)
    return LEFT_OUT


def _model_record(instance, key):
    names = _offered_names(type(instance))
    if names is None:
        logger.warning("Email context %r: model %s is not offered to templates (see OFFERED)",
                       key, instance._meta.label)
        return LEFT_OUT
    return Record(names, lambda name: _read(instance, name), text=lambda: str(instance))


def _offered_names(model):
    for klass in model.__mro__:
        meta = getattr(klass, "_meta", None)
        if meta is not None and not meta.abstract and meta.label in OFFERED:
            return OFFERED[meta.label]
    return None


def _read(instance, name):
    value = getattr(instance, name, None)
    # Related managers are callable (with a required argument); their rows are wanted.
    if callable(value) and not isinstance(value, models.Manager):
        value = value()
    return value


@cache
def editable_engine():
    """The project's template engine (same loaders and directories), with only the email tag libraries."""
    main = engines["django"].engine
    installed = get_installed_libraries()
    return Engine(
        dirs=main.dirs, loaders=main.loaders, debug=main.debug, string_if_invalid=main.string_if_invalid,
        file_charset=main.file_charset, autoescape=main.autoescape,
        libraries={name: installed[name] for name in EMAIL_TEMPLATE_LIBRARIES if name in installed},
    )
