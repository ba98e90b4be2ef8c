"""Shop email templates, which merchandisers edit in the dashboard, see plain values only.

Given a real order, its customer, and staff, when every shipped email is rendered, then
its text is exactly what Oscar's own rendering (the models themselves in the context)
gave, with the order number, lines, totals and names in it; and when a merchandiser
writes a template reaching for password hashes, tokens, the session or settings through
any path (related objects, loops, tag libraries), then none of it appears: not in the
email sent, nor in the dashboard's preview.
"""
from decimal import Decimal

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.middleware import SessionMiddleware
from django.contrib.sites.models import Site
from django.core.exceptions import ValidationError
from django.template import engines
from django.test import RequestFactory
from oscar.apps.communication.abstract_models import AbstractCommunicationEventType
from oscar.apps.customer.utils import get_password_reset_url
from oscar.apps.shipping.methods import FixedPrice
from oscar.core.loading import get_model
from oscar.templatetags.currency_filters import currency
from oscar.test import factories
from wagtail.models import Page

from commerce.communication.event_types import EVENT_TYPES
from commerce.order.emails import send_order_email
from content.models import PromotionPage
from newsletter.models import Newsletter, Subscriber
from outbox.models import OutgoingEmail
from tests.factories import make_product, publish

pytestmark = pytest.mark.django_db

CommunicationEventType = get_model("communication", "CommunicationEventType")
ProductAlert = get_model("customer", "ProductAlert")
StockAlert = get_model("partner", "StockAlert")
User = get_user_model()


def oscar_rendering(event_type, context):
    """What Oscar's own get_messages renders: the models themselves in the context."""
    return AbstractCommunicationEventType.get_messages(event_type, dict(context))


def request_with_session(user):
    request = RequestFactory().get("/")
    SessionMiddleware(lambda r: None).process_request(request)
    if user.is_authenticated:
        request.session["_auth_user_hash"] = user.get_session_auth_hash()
    request.session.save()
    request.user = user
    return request


@pytest.fixture
def customer(shopper):
    shopper.last_name = "Lovelace"
    shopper.save()
    return User.objects.get(pk=shopper.pk)  # the hash as stored


@pytest.fixture
def staff(merchandiser):
    return User.objects.get(pk=merchandiser.pk)


def make_order(country, staff, user=None, guest_email=""):
    jam, marmalade = make_product("Damson jam", "6.50"), make_product("Seville marmalade", "7.25")
    jam.stockrecords.get().partner.users.add(staff)  # a path from a line to a staff account
    basket = factories.create_basket(empty=True)
    basket.owner = user
    basket.add_product(jam, 2)
    basket.add_product(marmalade, 1)
    shipping = factories.ShippingAddressFactory(first_name="Ada", last_name="Lovelace", line1="12 Quince Lane",
                                                line4="Hudson", state="NY", postcode="10001", country=country,
                                                phone_number="+12125550123")
    billing = factories.BillingAddressFactory(first_name="Ada", last_name="Lovelace", line1="1 Bank Street",
                                              postcode="10002", country=country)
    order = factories.create_order(user=user, basket=basket, shipping_address=shipping, billing_address=billing,
                                   shipping_method=FixedPrice(Decimal("4.95"), Decimal("4.95")),
                                   guest_email=guest_email)
    order.carrier, order.tracking_number = "fedex", "7712 3456"
    order.save()
    return get_model("order", "Order").objects.get(pk=order.pk)


@pytest.fixture
def order(country, customer, staff):
    return make_order(country, staff, user=customer)


@pytest.fixture
def guest_order(country, staff):
    return make_order(country, staff, guest_email="grace@example.com")


@pytest.fixture
def newsletter_context(promotions):
    voucher = factories.VoucherFactory(code="AUTUMN20")
    page = publish(promotions, PromotionPage(title="Autumn pantry", slug="autumn", banner_text="20% off oils",
                                             voucher=voucher))
    subscriber = Subscriber.objects.create(email="fan@example.com", status="subscribed",
                                           requested_at=page.starts_at)
    newsletter = Newsletter.objects.create(promotion=page, subject="Autumn pantry is here")
    return {"subscriber": subscriber, "confirm_url": "https://shop.example/newsletter/confirm/abc/",
            "confirm_days": 7, "newsletter": newsletter, "subject": newsletter.subject, "page": page,
            "page_url": "https://shop.example/promotions/autumn/",
            "unsubscribe_url": "https://shop.example/newsletter/unsubscribe/xyz/"}


def everything(order, user, newsletter_context):
    """The union of what the shop's senders pass (commerce/order/emails.py, Oscar's customer and
    alert emails, the low-stock alert, the newsletter), so every template finds its values."""
    jam = order.lines.get(title="Damson jam").product
    alert = ProductAlert.objects.create(product=jam, user=user if user.is_authenticated else None,
                                        email="" if user.is_authenticated else "grace@example.com",
                                        key="alertkey123", status=ProductAlert.ACTIVE)
    return {
        "user": user, "order": order, "lines": order.lines.all(),
        "request": request_with_session(user if user.is_authenticated else AnonymousUser()),
        "site": Site.objects.get_current(), "shop_name": settings.SHOP_NAME,
        "status_path": "/shop/accounts/orders/1/", "status_url": "https://shop.example/shop/accounts/orders/1/",
        "amount": Decimal("6.50"), "reason": "Your card was declined.",
        "reset_url": get_password_reset_url(user) if user.is_authenticated else "/shop/password-reset/",
        "old_email": "ada@example.com", "new_email": "ada.new@example.com",
        "alert": alert, "hurry": True, "stockrecord": jam.stockrecords.get(),
        "dashboard_url": "https://shop.example/shop/dashboard/catalogue/products/1/",
        **newsletter_context,
    }


def test_every_shipped_email_renders_the_same_text_as_before(order, guest_order, customer, newsletter_context):
    event_types = list(CommunicationEventType.objects.all())
    assert {code for code, _, _ in EVENT_TYPES} | {"NEWSLETTER", "NEWSLETTER_CONFIRM"} <= {
        e.code for e in event_types}
    assert all(e.email_body_template for e in event_types)  # stored in the database, so editable
    for an_order, user in [(order, customer), (guest_order, AnonymousUser())]:
        context = everything(an_order, user, newsletter_context)
        low_stock = {**context, "alert": StockAlert.objects.create(stockrecord=context["stockrecord"], threshold=5)}
        for event_type in event_types:
            ctx = low_stock if event_type.code == "LOW_STOCK_ALERT" else context
            before, after = oscar_rendering(event_type, ctx), event_type.get_messages(dict(ctx))
            for name in ("subject", "body", "html", "sms"):
                assert after[name] == before[name], (event_type.code, name)
            assert after["subject"] and after["body"] and after["html"], event_type.code
            if event_type.is_order_related():
                assert an_order.number in after["subject"] + after["body"], event_type.code


def test_the_order_placed_email_shows_the_order_its_lines_totals_and_address(order, customer):
    send_order_email(order, "ORDER_PLACED", key="order-placed-test", request=request_with_session(customer))
    email = OutgoingEmail.objects.get(key="order-placed-test")
    assert email.to == "ada@example.com"
    assert email.subject == f"Confirmation of order {order.number}"
    for text in (email.body_text, email.body_html):
        assert order.number in text
        for line in order.lines.all():
            assert line.title in text
            assert currency(line.line_price_incl_tax, order.currency) in text
        for total in (order.basket_total_incl_tax, order.shipping_incl_tax, order.total_incl_tax):
            assert currency(total, order.currency) in text
        assert "Ada Lovelace" in text and "12 Quince Lane" in text and "1 Bank Street" in text
    assert " * Damson jam - quantity: 2 - " in email.body_text
    assert "<td>× 2</td>" in email.body_html


def test_the_other_emails_keep_their_names_and_links(order, customer, newsletter_context):
    context = everything(order, customer, newsletter_context)
    messages = {e.code: e.get_messages(dict(context)) for e in CommunicationEventType.objects.all()}
    assert messages["REGISTRATION"]["body"].startswith("Hello Ada,")
    assert "sign in with ada@example.com" in messages["REGISTRATION"]["body"]
    assert "Dear Ada," in messages["PRODUCT_ALERT"]["body"] and "Damson jam" in messages["PRODUCT_ALERT"]["body"]
    assert "/alerts/confirm/alertkey123/" in messages["PRODUCT_ALERT_CONFIRMATION"]["body"]
    assert context["reset_url"] in messages["PASSWORD_RESET"]["body"]
    assert "changed from ada@example.com to ada.new@example.com" in messages["EMAIL_CHANGED"]["body"]
    assert "Tracking number: 7712 3456" in messages["ORDER_SHIPPED"]["body"]
    assert "https://www.fedex.com/fedextrack/?trknbr=7712%203456" in messages["ORDER_SHIPPED"]["body"]
    assert "We have refunded $6.50" in messages["ORDER_REFUNDED"]["body"]
    assert "Use code AUTUMN20 at checkout." in messages["NEWSLETTER"]["body"]
    assert messages["NEWSLETTER"]["subject"] == "Autumn pantry is here"
    assert "at fan@example.com" in messages["NEWSLETTER_CONFIRM"]["body"]
    assert "Damson jam" in messages["LOW_STOCK_ALERT"]["subject"]


# Every path a merchandiser might try, from the order, the user, the request, a line, the site.
PROBES = " | ".join([
    "{{ order.user.password }}", "{{ user.password }}", "{{ order.user.auth_token }}",
    "{{ order.user.get_session_auth_hash }}", "{{ request.session.session_key }}", "{{ request.session.items }}",
    "{{ request.user.password }}", "{{ request.COOKIES }}", "{{ request.META }}", "{{ settings.SECRET_KEY }}",
    "{{ order.lines.all.0.order.user.password }}", "{{ order.basket.owner.password }}",
    "{% for line in lines %}{{ line.order.user.password }} {{ line.product.stockrecords.all.0.partner.users.all.0"
    ".password }} {{ line.stockrecord.partner.users.all.0.password }}{% endfor %}",
    "{% for line in order.lines.all %}{{ line.product.productalert_set.all.0.key }}{% endfor %}",
    "{{ order.shipping_address.order.user.password }}", "{{ order.user.emails.all.0.body_text }}",
    "{{ order.user.orders.all.0.user.password }}", "{{ order.user.addresses.all.0.user.password }}",
    "{{ site.root_page.owner.password }}", "{{ order.site.root_page.owner.password }}",
    "{{ order.user.values }}", "{{ order.user.items }}", "{{ order }} {{ order.user }} {{ lines }}",
    "{% debug %}",
])


def secrets(customer, staff, request):
    return {"the customer's password hash": customer.password, "the staff password hash": staff.password,
            "the session auth hash": customer.get_session_auth_hash(), "SECRET_KEY": settings.SECRET_KEY,
            "the session key": request.session.session_key, "the alert key": "alertkey123"}


def assert_none_in(text, found):
    leaked = [name for name, secret in found.items() if secret and secret in text]
    assert not leaked, leaked


def test_a_staff_edited_template_prints_no_password_hash_token_or_secret(order, customer, staff, newsletter_context):
    request = request_with_session(customer)
    everything(order, customer, newsletter_context)  # a product alert with its key
    found = secrets(customer, staff, request)
    event_type = CommunicationEventType.objects.get(code="ORDER_PLACED")
    event_type.email_subject_template = "Order {{ order.number }} {{ order.user.password }}{{ user.password }}"
    event_type.email_body_template = "{% autoescape off %}" + PROBES + "{% endautoescape %} " + "{{ order.number }}"
    event_type.email_body_html_template = "<p>" + PROBES + "</p>"
    event_type.full_clean()
    event_type.save()

    context = {"user": customer, "order": order, "lines": order.lines.all(), "request": request,
               "site": Site.objects.get_current()}
    assert customer.password in oscar_rendering(event_type, context)["body"]  # the hole, with Oscar's rendering
    assert staff.password in oscar_rendering(event_type, context)["body"]

    send_order_email(order, "ORDER_PLACED", key="probe", request=request)
    email = OutgoingEmail.objects.get(key="probe")
    assert email.subject == f"Order {order.number} "
    assert email.body_text.endswith(f" {order.number}")  # the template did render
    assert f"#{order.number}" in email.body_text  # {{ order }} prints as before
    assert "ada@example.com" in email.body_text  # and so does {{ order.user }}
    for text in (email.subject, email.body_text, email.body_html):
        assert_none_in(text, found)


def test_the_dashboard_preview_shows_no_password_hash(client, order, customer, staff):
    client.force_login(staff)
    event_type = CommunicationEventType.objects.get(code="ORDER_PLACED")
    response = client.post(f"/shop/dashboard/comms/{event_type.code}/", {
        "name": event_type.name, "email_subject_template": "Order {{ order.number }}",
        "email_body_template": PROBES, "email_body_html_template": "<p>Preview of {{ order.number }}: " + PROBES,
        "preview_order_number": order.number, "show_preview": "1"})
    assert response.status_code == 200
    html = response.content.decode()
    assert f"Preview of {order.number}" in html  # the preview was rendered
    assert customer.password not in html and staff.password not in html
    assert customer.get_session_auth_hash() not in html
    event_type.refresh_from_db()
    assert "password" not in event_type.email_body_template  # a preview saves nothing


SITE_SETTINGS_PATH = ("{% load wagtailsettings_tags %}{% get_settings use_default_site=True %}"
                      "{{ settings.content.SiteFooter.site.root_page.owner.password }}")


def test_a_tag_library_cannot_bring_a_model_back_into_the_context(home, order, customer, staff):
    Page.objects.filter(pk=home.pk).update(owner=staff)
    assert staff.password in engines["django"].from_string(SITE_SETTINGS_PATH).render({})  # the way round
    event_type = CommunicationEventType.objects.get(code="ORDER_PLACED")
    event_type.email_body_template = SITE_SETTINGS_PATH + "{{ order.number }}"
    with pytest.raises(ValidationError, match="is not a registered tag library"):
        event_type.full_clean()
    messages = event_type.get_messages({"order": order, "user": customer})
    assert staff.password not in messages["body"] and order.number in messages["body"]


@pytest.mark.parametrize("source, reason", [
    *[("{% load " + library + " %}{{ order.number }}", "is not a registered tag library")
      for library in ("wagtailsettings_tags", "wagtailcore_tags", "category_tags", "content_tags")],
    ('{% extends "base.html" %}', "is not a registered tag library"),  # the storefront's, loading content_tags
    ('{% include "no/such/template.html" %}', "no/such/template.html"),
])
def test_templates_the_email_engine_cannot_render_are_not_saved(client, order, customer, staff, source, reason):
    event_type = CommunicationEventType.objects.get(code="ORDER_PLACED")
    original = event_type.email_body_template

    client.force_login(staff)
    response = client.post(f"/shop/dashboard/comms/{event_type.code}/", {
        "name": event_type.name, "email_subject_template": "Order {{ order.number }}",
        "email_body_template": source, "email_body_html_template": source})
    assert response.status_code == 200  # the form again, with the reason
    assert "This template can&#x27;t be used in an email" in response.content.decode()
    assert reason in response.content.decode()
    event_type.refresh_from_db()
    assert event_type.email_body_template == original

    # One saved before this check (not through a form) sends the shop's own template instead.
    CommunicationEventType.objects.filter(pk=event_type.pk).update(email_body_template=source)
    send_order_email(order, "ORDER_PLACED", key="legacy", request=request_with_session(customer))
    body = OutgoingEmail.objects.get(key="legacy").body_text
    assert body.startswith("Hello,") and "Thank you for your order" in body and order.number in body


def test_the_email_libraries_still_load(order):
    event_type = CommunicationEventType.objects.get(code="ORDER_PLACED")
    event_type.email_body_template = ("{% load i18n l10n tz static humanize url_tags currency_filters %}"
                                      "{{ order.total_incl_tax|currency:order.currency }} "
                                      "{{ order.num_items|apnumber }}")
    event_type.full_clean()
    assert event_type.get_messages({"order": order})["body"] == f"{currency(order.total_incl_tax, 'USD')} three"
