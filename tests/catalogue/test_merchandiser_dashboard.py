"""A merchandiser runs the catalogue from Oscar's dashboard at /shop/dashboard/."""
from decimal import Decimal

import pytest
from oscar.core.loading import get_model
from oscar.test import factories

Category = get_model("catalogue", "Category")
Product = get_model("catalogue", "Product")
ProductClass = get_model("catalogue", "ProductClass")
StockRecord = get_model("partner", "StockRecord")

pytestmark = pytest.mark.django_db


def form_posting_to(page, fragment):
    forms = page.forms.values()
    return next(f for f in forms if f.method.lower() == "post" and fragment in (f.action or page.request.path))


def test_dashboard_requires_staff(django_app, shopper):
    response = django_app.get("/shop/dashboard/")
    assert response.status_code == 302 and "login" in response.location
    django_app.set_user(shopper)
    response = django_app.get("/shop/dashboard/", expect_errors=True)
    assert response.status_code in (302, 403)


def test_merchandiser_creates_edits_and_deletes_a_product(dashboard, category):
    product_class = ProductClass.objects.create(name="Goods", track_stock=True)
    partner = factories.PartnerFactory(name="Warehouse")

    page = dashboard.get(f"/shop/dashboard/catalogue/products/create/{product_class.slug}/")
    form = page.forms["create_update_product_form"]
    form["title"] = "Smoked paprika"
    form["description"] = "Sweet, oak-smoked pimentón."
    form["stockrecords-0-partner"] = partner.pk
    form["stockrecords-0-partner_sku"] = "SP-001"
    form["stockrecords-0-price"] = "5.75"
    form["stockrecords-0-num_in_stock"] = "40"
    form["productcategory_set-0-category"] = category.pk
    page = form.submit().maybe_follow()
    product = Product.objects.get(title="Smoked paprika")
    assert product.categories.get() == category
    stock = StockRecord.objects.get(product=product)
    assert stock.price == Decimal("5.75") and stock.num_in_stock == 40

    page = dashboard.get(f"/shop/dashboard/catalogue/products/{product.pk}/")
    form = page.forms["create_update_product_form"]
    form["title"] = "Smoked paprika (hot)"
    form["stockrecords-0-price"] = "6.25"
    form["stockrecords-0-cost_price"] = "3.10"  # what the inventory report values stock at
    form.submit().maybe_follow()
    product.refresh_from_db()
    assert product.title == "Smoked paprika (hot)"
    stock = StockRecord.objects.get(product=product)
    assert (stock.price, stock.cost_price) == (Decimal("6.25"), Decimal("3.10"))

    page = dashboard.get(f"/shop/dashboard/catalogue/products/{product.pk}/")
    form = page.forms["create_update_product_form"]
    assert form["stockrecords-0-cost_price"].value == "3.10"
    form["stockrecords-0-cost_price"] = "-1"
    page = form.submit()
    assert "A cost price can&#x27;t be negative." in page.text or "A cost price can't be negative." in page.text
    assert StockRecord.objects.get(product=product).cost_price == Decimal("3.10")

    page = dashboard.get(f"/shop/dashboard/catalogue/products/{product.pk}/delete/")
    form_posting_to(page, "/delete/").submit().maybe_follow()
    assert not Product.objects.filter(pk=product.pk).exists()


def test_product_changes_show_in_the_storefront(dashboard, client, products):
    product = products[0]
    page = dashboard.get(f"/shop/dashboard/catalogue/products/{product.pk}/")
    form = page.forms["create_update_product_form"]
    form["stockrecords-0-price"] = "8.40"
    form.submit().maybe_follow()
    assert "$8.40" in client.get(product.get_absolute_url()).content.decode()


def test_merchandiser_creates_edits_and_deletes_a_category(dashboard):
    page = dashboard.get("/shop/dashboard/catalogue/categories/create/")
    form = page.forms["create_update_category_form"]
    form["name"] = "Teas"
    form["description"] = "Loose leaf teas."
    form.submit().maybe_follow()
    teas = Category.objects.get(name="Teas")
    assert teas.slug == "teas"

    page = dashboard.get(f"/shop/dashboard/catalogue/categories/create/{teas.pk}/")
    form = page.forms["create_update_category_form"]
    form["name"] = "Green tea"
    form["treebeard_position"] = "first-child"
    form["treebeard_ref_node"] = teas.pk
    form.submit().maybe_follow()
    green = Category.objects.get(name="Green tea")
    assert green.get_parent() == teas

    page = dashboard.get(f"/shop/dashboard/catalogue/categories/{teas.pk}/update/")
    form = page.forms["create_update_category_form"]
    form["name"] = "Tea & infusions"
    form.submit().maybe_follow()
    teas.refresh_from_db()
    assert teas.name == "Tea & infusions"

    page = dashboard.get(f"/shop/dashboard/catalogue/categories/{green.pk}/delete/")
    form_posting_to(page, "/delete/").submit().maybe_follow()
    assert not Category.objects.filter(pk=green.pk).exists()
    assert Category.objects.filter(pk=teas.pk).exists()
