"""Packing slips: staff print one order's, or the selected orders' from the order list, one page each.

A slip names the order, its delivery method and address, and each line's SKU, UPC, title
and quantity, and no price: it goes in the parcel.
"""
import pytest

from tests.factories import make_variant_product, place_order
from tests.pdfs import pdf_pages

from .conftest import pay_by_demo

pytestmark = pytest.mark.django_db


def test_the_order_list_prints_packing_slips_for_the_selected_orders(django_app, dashboard, products, markets):
    orders = []
    for n, product in enumerate(products):
        product.upc = f"50123456789{n}"
        product.save()
        django_app.reset()  # each order from another guest's browser
        orders.append(pay_by_demo(django_app, product, quantity=(1, 2, 1)[n], email=f"buyer{n}@example.com"))
    chosen = orders[:2]
    form = dashboard.get("/shop/dashboard/orders/").forms["orders_form"]
    for box in form.fields["selected_order"]:
        box.checked = int(box._value) in {order.pk for order in chosen}

    response = form.submit("action", value="download_packing_slips")

    assert response.content_type == "application/pdf"
    pages = pdf_pages(response.body)
    assert len(pages) == 2
    for page, order, product in zip(pages, chosen, products, strict=False):
        line = order.lines.get()
        assert "Packing slip" in page and order.number in page and str(order.shipping_method) in page
        assert line.partner_sku in page and product.upc in page and product.title in page
        assert "Grace Hopper" in page and "12 Orchard Lane" in page
        assert "$" not in page and "Total" not in page
    assert orders[2].number not in " ".join(pages)


def test_one_orders_packing_slip_from_its_page(dashboard, django_app, products, markets):
    order = pay_by_demo(django_app, products[0], quantity=3)
    page = dashboard.get(f"/shop/dashboard/orders/{order.number}/")

    [text] = pdf_pages(page.click(description="Packing slip").body)

    assert order.number in text and "Damson jam 3" in text and "$" not in text


def test_packing_slips_are_for_staff_only(django_app, shopper, products, markets):
    order = pay_by_demo(django_app, products[0])
    django_app.set_user(shopper)

    response = django_app.get(f"/shop/dashboard/orders/{order.number}/packing-slip.pdf", expect_errors=True)

    assert response.status_code in (302, 403) and response.content_type != "application/pdf"


def test_a_slip_names_the_version_the_customer_chose(dashboard, country):
    _, (lavender, _) = make_variant_product("Beeswax candle", "scent", [("Lavender", "12.00", 5), ("Fig", "12.00", 5)])
    order = place_order((lavender, 2), country=country)

    [text] = pdf_pages(dashboard.get(f"/shop/dashboard/orders/{order.number}/packing-slip.pdf").body)

    assert "Beeswax candle Scent: Lavender 2" in text and "Fig" not in text
