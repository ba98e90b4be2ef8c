"""Tax by destination and delivery methods from the dashboard, through checkout to the charge.

Given the shop's markets (US states with sales tax, Canadian provinces with GST/HST, the UK
with VAT on goods and delivery) and delivery methods per zone, when a guest checks out to
an address, then the order carries the right tax line, Stripe (localstripe) is charged
exactly net + tax, and the line appears in the emails, the order page and the report.
Rounding is once per order, half up to the cent.
"""
import re
from datetime import timedelta
from decimal import Decimal
from html import unescape as html_unescape

import pytest
from django.utils import timezone
from oscar.core.loading import get_model

from outbox.models import OutgoingEmail
from reports.builders import sales
from reports.periods import Period
from tests.checkout_steps import (
    add_to_basket,
    choose_shipping,
    demo_pay,
    enter_card,
    fill_address,
    paid_at_localstripe,
)

Order = get_model("order", "Order")
Country = get_model("address", "Country")
TaxRate = get_model("tax", "TaxRate")
WeightBased = get_model("shipping", "WeightBased")
ProductAttribute = get_model("catalogue", "ProductAttribute")

pytestmark = pytest.mark.django_db

ADDRESSES = {
    "MA": {"state": "Massachusetts", "line4": "Boston", "postcode": "02108"},
    "NY": {"state": "NY", "line4": "New York", "postcode": "10001"},
    "ON": {"state": "ON", "line4": "Toronto", "postcode": "M5V 2T6", "country": "CA"},
    "GB": {"state": "", "line4": "Bristol", "postcode": "BS1 4DJ", "country": "GB"},
    "DE": {"state": "", "line4": "Berlin", "postcode": "10115", "country": "DE"},
}


def form_with(page, field):
    return next(f for f in page.forms.values() if field in f.fields)


def to_address(app, product, where, quantity=2, email="guest@example.com"):
    """A guest's basket (unless already filled: quantity=None) and delivery address; returns
    the page after the address step."""
    if quantity:
        add_to_basket(app, product, quantity)
    page = app.get("/shop/checkout/").maybe_follow()
    if "new_shipping_address" not in page.forms:  # a guest first says who they are
        form = page.forms[0]
        form["username"], form["options"] = email, "anonymous"
        page = form.submit().maybe_follow()
    form = page.forms["new_shipping_address"]
    fields = dict(ADDRESSES.get(where, {"state": where}))
    country = Country.objects.get(pk=fields.pop("country", "US"))
    fill_address(form, country, **fields)
    return form.submit(expect_errors=True).maybe_follow()


def to_payment(app, product, where, method=None, **kwargs):
    page = to_address(app, product, where, **kwargs)
    if page.request.path == "/shop/checkout/shipping-method/":
        page = choose_shipping(page, method or "standard")
    assert page.request.path == "/shop/checkout/payment-details/", page.request.path
    return page


def charged(django_app, client, stripe, page):
    """Pay by card at localstripe; the order and the amount Stripe charged, in cents."""
    order, intent = paid_at_localstripe(django_app, client, stripe, page)
    return order, intent["amount"]


def signed_out(app):
    """The merchandiser leaves: the same browser goes on as an anonymous shopper."""
    app.set_user(None)
    app.reset()


def tax_lines(order):
    return [(s.name, s.incl_tax) for s in order.surcharges.all()]


@pytest.mark.parametrize("where, method, delivery, tax_line, total", [
    # 13.00 of goods; Massachusetts doesn't tax delivery: 13.00 × 6.25 % = 0.8125 → 0.81
    ("MA", "standard", "4.95", ("Sales tax (Massachusetts, 6.25%)", "0.81"), "18.76"),
    # New York taxes delivery: (13.00 + 12.50) × 4 % = 1.02
    ("NY", "express", "12.50", ("Sales tax (New York, 4%)", "1.02"), "26.52"),
    # Ontario's HST on goods and delivery: (13.00 + 9.95) × 13 % = 2.9835 → 2.98
    ("ON", "canada-standard", "9.95", ("HST (Ontario, 13%)", "2.98"), "25.93"),
    # UK VAT on goods and delivery: (13.00 + 14.95) × 20 % = 5.59
    ("GB", "uk-standard", "14.95", ("VAT (United Kingdom, 20%)", "5.59"), "33.54"),
])
def test_each_market_is_charged_exactly_goods_delivery_and_its_tax(django_app, client, stripe, products, markets,
                                                                  where, method, delivery, tax_line, total):
    page = to_payment(django_app, products[0], where, method)  # 2 × $6.50
    preview = enter_card(page, stripe.card())
    assert tax_line[0] in preview.text and f"${tax_line[1]}" in preview.text and f"${total}" in preview.text

    order, amount = charged(django_app, client, stripe, page)

    assert tax_lines(order) == [(tax_line[0], Decimal(tax_line[1]))]
    assert order.shipping_excl_tax == Decimal(delivery)
    assert order.total_excl_tax == Decimal("13.00") + Decimal(delivery)
    assert order.total_incl_tax == Decimal(total) and amount == int(Decimal(total) * 100)
    assert order.sources.get().amount_debited == Decimal(total)
    email = OutgoingEmail.objects.get(key=f"order-placed:{order.number}")
    for text in (email.body_text, email.body_html):
        assert tax_line[0] in text and f"${tax_line[1]}" in text and f"${total}" in text


def test_orders_taxed_and_untaxed_show_their_tax_on_the_order_page_dashboard_and_report(
        django_app, dashboard, products, markets, shopper, password):
    django_app.set_user(shopper)
    demo_pay(to_payment(django_app, products[0], "MA"))
    order = Order.objects.get()
    assert order.user == shopper

    page = django_app.get(f"/shop/accounts/orders/{order.number}/")
    assert "Sales tax (Massachusetts, 6.25%)" in page.text and "$0.81" in page.text and "$18.76" in page.text
    staff = dashboard.get(f"/shop/dashboard/orders/{order.number}/", user="merch@example.com")
    assert "Sales tax (Massachusetts, 6.25%)" in staff.text and "$0.81" in staff.text
    assert "Surcharge" not in staff.text  # a tax line is named as the tax it is, not as Oscar's "surcharge"

    today = timezone.localdate()
    figures = sales.totals(Period(today - timedelta(days=1), today + timedelta(days=1)))
    assert (figures["net_sales"], figures["tax"], figures["revenue"]) == (
        Decimal("17.95"), Decimal("0.81"), Decimal("18.76"))


def test_tax_follows_an_address_change_before_payment(django_app, products, markets):
    page = to_payment(django_app, products[0], "MA")
    assert "Sales tax (Massachusetts, 6.25%)" in page.click(href="/shop/checkout/preview/").text

    form = django_app.get("/shop/checkout/shipping-address/").forms["new_shipping_address"]
    fill_address(form, Country.objects.get(pk="US"), **ADDRESSES["NY"])
    page = form.submit().maybe_follow()
    page = choose_shipping(page, "standard")
    preview = page.click(href="/shop/checkout/preview/")
    assert "Massachusetts" not in preview.text
    # New York taxes delivery too: (13.00 + 4.95) × 4 % = 0.718 → 0.72
    assert "Sales tax (New York, 4%)" in preview.text and "$0.72" in preview.text and "$18.67" in preview.text

    preview.forms["place_order_form"].submit().maybe_follow()
    assert tax_lines(Order.objects.get()) == [("Sales tax (New York, 4%)", Decimal("0.72"))]


@pytest.mark.parametrize("state, message", [
    ("FL", "no tax rate for it"),  # a real state the shop has no rate for
    ("Atlantis", "recognise the state"),
    ("", "Please enter the state"),
])
def test_an_address_without_a_tax_rate_is_refused_at_the_address_step(django_app, products, markets, state,
                                                                       message):
    page = to_address(django_app, products[0], state)

    assert page.status_code == 400 and message in page.text
    assert page.request.path == "/shop/checkout/shipping-address/"
    assert Order.objects.count() == 0


def test_a_rate_deleted_during_checkout_sends_the_shopper_back_before_payment(django_app, products, markets):
    page = to_payment(django_app, products[0], "MA")
    TaxRate.objects.filter(country_id="US", region="MA").delete()

    preview = page.click(href="/shop/checkout/preview/").maybe_follow()

    assert preview.request.path == "/shop/checkout/shipping-address/"
    assert "no tax rate for it" in preview.text
    assert Order.objects.count() == 0


def test_a_rate_edited_in_the_dashboard_reaches_checkout(django_app, dashboard, products, markets):
    rate = TaxRate.objects.get(country_id="US", region="MA")
    listing = dashboard.get("/shop/dashboard/").click(description="Tax rates")  # from the dashboard's menu
    assert listing.request.path == "/shop/dashboard/tax/" and "6.25" in listing.text
    form = form_with(dashboard.get(f"/shop/dashboard/tax/{rate.pk}/"), "rate")
    form["rate"] = "7"
    form["applies_to_shipping"] = True
    form.submit().follow()
    bad = form_with(dashboard.get("/shop/dashboard/tax/add/"), "rate")
    bad["country"], bad["region"], bad["name"], bad["rate"] = "US", "ZZ", "Sales tax", "5"
    assert "recognise the state" in bad.submit(status=400).text
    signed_out(dashboard)

    preview = to_payment(django_app, products[0], "MA").click(href="/shop/checkout/preview/")
    # (13.00 + 4.95) × 7 % = 1.2565 → 1.26
    assert "Sales tax (Massachusetts, 7%)" in preview.text and "$1.26" in preview.text and "$19.21" in preview.text


def test_a_zone_without_a_delivery_method_is_told_so_before_payment(django_app, products, markets):
    Country.objects.create(iso_3166_1_a2="DE", iso_3166_1_a3="DEU", iso_3166_1_numeric="276", name="Germany",
                           printable_name="Germany", is_shipping_country=True)
    page = to_address(django_app, products[0], "DE")

    assert page.request.path == "/shop/checkout/shipping-address/"
    assert "Shipping is unavailable for your chosen address" in page.text
    assert django_app.get("/shop/checkout/preview/").maybe_follow().request.path != "/shop/checkout/preview/"
    assert Order.objects.count() == 0


def test_delivery_bands_zones_and_free_threshold_come_from_the_dashboard(django_app, dashboard, products, markets):
    weight = ProductAttribute.objects.create(product_class=products[0].product_class, name="Weight", code="weight",
                                             type="float")
    assert weight.pk
    heavy = products[1]
    heavy.attr.weight = 6.0  # kg: the 5–20 kg band
    heavy.save()
    standard = WeightBased.objects.get(code="standard")
    methods = dashboard.get("/shop/dashboard/").click(description="Delivery methods")  # from the dashboard's menu
    assert standard.name in methods.text
    form = form_with(dashboard.get(f"/shop/dashboard/shipping/weight-based/{standard.pk}/edit/"), "regions")
    form["free_over"] = "100.00"
    form["regions"] = "ma, ny"
    form.submit().follow()
    bad = form_with(dashboard.get(f"/shop/dashboard/shipping/weight-based/{standard.pk}/edit/"), "regions")
    bad["regions"] = "MA, QQ"
    assert "Not a US state or Canadian province code: QQ" in bad.submit().text
    signed_out(dashboard)

    page = to_address(django_app, heavy, "MA", quantity=1)  # 6 kg, $7.25: under the new $100 threshold
    assert "$8.95" in page.text and "$19.50" in page.text
    django_app.reset()
    page = to_address(django_app, products[0], "IL", quantity=2)  # standard now serves only MA and NY
    assert page.request.path == "/shop/checkout/payment-details/"  # express, the only method left, is chosen
    assert "Express delivery" in page.click(href="/shop/checkout/preview/").text


def test_the_basket_shows_tax_once_the_destination_is_known(django_app, shopper, products, markets):
    django_app.set_user(shopper)
    add_to_basket(django_app, products[0], 2)
    assert "any tax is added at checkout" in django_app.get("/shop/basket/").text

    shopper.addresses.create(first_name="Ada", last_name="L", line1="1 Main St", line4="Boston", state="MA",
                             postcode="02108", country_id="US", is_default_for_shipping=True)

    basket = django_app.get("/shop/basket/")
    assert "Sales tax (Massachusetts, 6.25%)" in basket.text and "$0.81" in basket.text


def test_order_value_bands_set_in_the_dashboard_price_a_method_by_the_basket_value(django_app, dashboard, products,
                                                                                 markets):
    express = WeightBased.objects.get(code="express")
    detail = dashboard.get(f"/shop/dashboard/shipping/weight-based/{express.pk}/")
    bands = detail.click(linkid="value_bands_link")
    for limit, charge in (("20.00", "15.00"), ("100.00", "10.00")):
        form = bands.forms["add_value_band_form"]
        form["upper_limit"], form["charge"] = limit, charge
        bands = form.submit().follow()
    again = bands.forms["add_value_band_form"]
    again["upper_limit"], again["charge"] = "20.00", "1.00"
    assert "already has a band up to that value" in again.submit(status=400).text
    signed_out(dashboard)

    page = to_address(django_app, products[0], "IL", quantity=2)  # $13.00: the first band
    assert "$15.00" in page.text
    django_app.reset()
    page = to_address(django_app, products[2], "IL", quantity=2)  # $18.00, still the first band
    assert "$15.00" in page.text
    demo_pay(choose_shipping(page, "express"))
    assert Order.objects.get().shipping_excl_tax == Decimal("15.00")


def line_prices(page):
    """The figures in the basket's or checkout's line price columns, in order."""
    return [html_unescape(p).strip() for p in re.findall(r'<p class="price_color[^"]*">\s*(?:<span[^>]*>[^<]*</span>)?'
                                                          r'\s*([^<]*?)\s*</p>', page.text)]


def test_uk_shoppers_see_every_price_with_vat_in_once_the_address_is_known_and_pay_the_same(
        django_app, client, stripe, products, markets):
    add_to_basket(django_app, products[0], 2)  # 2 × $6.50 before tax
    before = django_app.get("/shop/basket/")
    assert line_prices(before)[:2] == ["$6.50", "$13.00"] and "Prices include VAT" not in before.text

    page = to_payment(django_app, products[0], "GB", "uk-standard", quantity=None)
    basket = django_app.get("/shop/basket/")  # the checkout's address now tells the basket where it goes
    assert "Prices include VAT at 20%." in basket.text
    assert line_prices(basket)[:2] == ["$7.80", "$15.60"]  # 6.50 × 1.2, 13.00 × 1.2
    assert "Basket total (incl. VAT)" in basket.text

    preview = enter_card(page, stripe.card())
    assert "Prices include VAT at 20%." in preview.text and "$15.60" in preview.text
    assert "Royal Mail International (6–10 working days) (incl. VAT)" in preview.text
    assert "$17.94" in preview.text  # delivery 14.95 × 1.2
    assert "Included in the prices above" in preview.text and "$5.59" in preview.text and "$33.54" in preview.text

    order, amount = charged(django_app, client, stripe, page)
    assert order.total_incl_tax == Decimal("33.54") and amount == 3354
    assert order.total_excl_tax == Decimal("27.95")  # the order, like a VAT invoice, keeps its lines before tax


def test_us_shoppers_keep_seeing_prices_before_tax_with_the_tax_added(django_app, stripe, products, markets):
    page = to_payment(django_app, products[0], "MA", "standard")
    basket = django_app.get("/shop/basket/")
    assert line_prices(basket)[:2] == ["$6.50", "$13.00"] and "Prices include" not in basket.text
    preview = enter_card(page, stripe.card())
    assert "$13.00" in preview.text and "incl." not in preview.text and "Included in the prices" not in preview.text
