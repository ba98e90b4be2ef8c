"""Builders every area's tests share: products, orders, users and pages.

Plain functions, so a test (or a fixture in a conftest) builds exactly what it needs; the
fixtures in tests/conftest.py are made with these. One way to place an order (through
Oscar's order creator, which allocates stock) and one to write an order straight into the
books at a given time (for reports, whose figures must come out to the cent).
"""
import datetime as dt
from decimal import Decimal

from django.contrib.auth import get_user_model
from oscar.core.loading import get_model
from oscar.test import factories
from wagtail.test.utils.form_data import nested_form_data, querydict_from_html, streamfield

Basket = get_model("basket", "Basket")
Order = get_model("order", "Order")
Line = get_model("order", "Line")
OrderDiscount = get_model("order", "OrderDiscount")
Source = get_model("payment", "Source")
SourceType = get_model("payment", "SourceType")

VIDEO_URL = "https://www.youtube.com/watch?v=larder-demo"


# Products -------------------------------------------------------------------------------

def make_product(title, price="10.00", stock=20, category=None, **kwargs):
    product = factories.create_product(
        title=title, price=Decimal(price), num_in_stock=stock, **kwargs
    )
    if category is not None:
        product.categories.add(category)
    return product


# Users ----------------------------------------------------------------------------------

def make_user(email, password, **fields):
    """A customer account; pass it to commerce.accounts.roles (make_merchandiser, make_editor) for staff."""
    return get_user_model().objects.create_user(email=email, password=password, **fields)


# Orders ---------------------------------------------------------------------------------

def place_order(*lines, user=None, guest_email="guest@example.com", status="Pending", country=None,
                street="12 Quince Lane", name=("Ada", "Lovelace"), **order_fields):
    """An order placed by Oscar's order creator, which allocates each line's stock.

    `lines` are (product, quantity) pairs; none gives one Damson jam. A guest order (no
    `user`) carries `guest_email`. With a `country` the order has shipping and billing
    addresses at `street` in `name`'s name.
    """
    from oscar.apps.partner.strategy import Default

    basket = Basket.objects.create()
    basket.strategy = Default()
    for product, quantity in lines or [(make_product("Damson jam", "6.50"), 1)]:
        basket.add_product(product, quantity)
    if country is not None:
        order_fields["shipping_address"] = factories.ShippingAddressFactory(
            first_name=name[0], last_name=name[1], line1=street, postcode="10001", country=country,
            phone_number="+12125550123")
        order_fields["billing_address"] = factories.BillingAddressFactory(
            first_name=name[0], last_name=name[1], line1=street, country=country)
    if not user:
        order_fields.setdefault("guest_email", guest_email)
    order = factories.create_order(basket=basket, user=user, status=status, **order_fields)
    return Order.objects.get(pk=order.pk)  # the number as stored (a string), as the rest of the shop sees it


def record_order(number, when, lines, *, user=None, guest="", shipping="0.00", status="Delivered", discount=None,
                 refund=None):
    """An order written straight into the books, placed at `when`, with figures worked out by hand.

    `lines` are (product, quantity, line price) triples; a `discount` comes off the first
    line as a voucher, a `refund` is recorded on the card payment. Returns (order, source).
    """
    total = sum((Decimal(price) for _, _, price in lines), Decimal(shipping)) - Decimal(discount or 0)
    order = Order.objects.create(
        number=number, user=user, guest_email=guest, currency="USD", total_incl_tax=total, total_excl_tax=total,
        shipping_incl_tax=Decimal(shipping), shipping_excl_tax=Decimal(shipping), status=status, date_placed=when)
    share = Decimal(discount or 0)
    for product, quantity, price in lines:
        stock = product.stockrecords.get()
        paid = Decimal(price) - share  # the voucher comes off the (single) line, as Oscar does
        share = Decimal(0)
        Line.objects.create(order=order, product=product, stockrecord=stock, partner=stock.partner,
                            partner_sku=stock.partner_sku, title=product.title, quantity=quantity,
                            line_price_incl_tax=paid, line_price_excl_tax=paid,
                            line_price_before_discounts_incl_tax=Decimal(price),
                            line_price_before_discounts_excl_tax=Decimal(price),
                            unit_price_incl_tax=Decimal(price) / quantity,
                            unit_price_excl_tax=Decimal(price) / quantity,
                            num_allocated=0, status=status)
    if discount:
        OrderDiscount.objects.create(order=order, offer_name="Winter voucher", voucher_code="WINTER2",
                                     amount=Decimal(discount))
    source = Source.objects.create(order=order, source_type=SourceType.objects.get_or_create(name="Card")[0],
                                   amount_allocated=total, amount_debited=total, amount_refunded=Decimal(refund or 0))
    return order, source


def local_noon(day):
    """Midday on `day` in the shop's time zone: safely inside that day for the reports."""
    from reports.periods import shop_tz

    return dt.datetime.combine(day, dt.time(12), tzinfo=shop_tz())


# Pages ----------------------------------------------------------------------------------

def ensure_wagtail_roots():
    """Wagtail's migrations make the locale, root page and root collection; a flush by an
    earlier transactional test removes them, and pages (the demo store's too) need them."""
    from django.conf import settings
    from wagtail.coreutils import get_supported_content_language_variant
    from wagtail.models import Collection, Locale, Page

    Locale.objects.get_or_create(language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE))
    if Page.get_first_root_node() is None:
        Page.add_root(instance=Page(title="Root", slug="root"))
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")


def publish(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def paragraph(html):
    return {"type": "paragraph", "value": html}


def product_block(product, note=""):
    return {"type": "product", "value": {"product": product.pk, "note": note}}


def grid_block(title, *, products=(), category=None, range=None, source="picked", limit=8):
    return {"type": "product_grid", "value": {
        "title": title, "source": source, "products": [p.pk for p in products],
        "category": category.pk if category else None, "range": range.pk if range else None, "limit": limit}}


def recipe_block(title, ingredients, *, method="", offer=None):
    """A shoppable recipe; `ingredients` are (product, quantity) or (product, quantity, alternative)."""
    items = []
    for product, quantity, *alternative in ingredients:
        alternative = alternative[0] if alternative else None
        items.append({"product": product.pk, "quantity": quantity, "note": "",
                      "alternative": alternative.pk if alternative else None})
    return {"type": "recipe", "value": {"title": title, "method": method, "ingredients": items,
                                        "offer": offer.pk if offer else None}}


def edit_form_data(client, page):
    """The page editor's form as rendered; the body's blocks are built by JavaScript, so send it empty."""
    html = client.get(f"/cms/pages/{page.pk}/edit/").content.decode()
    data = querydict_from_html(html, form_id="page-edit-form")
    data.update(nested_form_data({"body": streamfield([])}))
    return data


def publish_through_the_admin(client, page, title):
    """What the page editor's "Publish" button sends: the edit form as rendered, with a new title."""
    data = edit_form_data(client, page)
    data["title"] = title
    data["action-publish"] = "action-publish"
    return client.post(f"/cms/pages/{page.pk}/edit/", data)


def running_offer(category, name, *, count, percent):
    """A site offer running now: `percent` off products of `category` once `count` of them are in the basket."""
    deal = factories.RangeFactory(name=f"{name} range")
    deal.included_categories.add(category)
    return factories.ConditionalOfferFactory(
        name=name, offer_type="Site",
        condition=factories.ConditionFactory(range=deal, type="Count", value=count),
        benefit=factories.BenefitFactory(range=deal, type="Percentage", value=Decimal(percent)))


def make_variant_product(title, attribute, versions, category=None):
    """A parent sold in versions: `versions` is [(value, price, stock)] of the text attribute
    `attribute` ("size", "colour"...). Returns (parent, [children in the given order])."""
    ProductAttribute = get_model("catalogue", "ProductAttribute")
    parent = factories.create_product(title=title, structure="parent")
    if category is not None:
        parent.categories.add(category)
    chosen, _ = ProductAttribute.objects.get_or_create(
        product_class=parent.product_class, code=attribute,
        defaults={"name": attribute.capitalize(), "type": ProductAttribute.TEXT})
    children = []
    for value, price, stock in versions:
        child = get_model("catalogue", "Product").objects.create(parent=parent, structure="child", title="")
        factories.create_stockrecord(child, price=Decimal(price), num_in_stock=stock)
        chosen.save_value(child, value)
        children.append(child)
    return parent, children
