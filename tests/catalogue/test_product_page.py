"""The product page a shopper trusts: what it shows and hides, the variant picker, and the
structured data and breadcrumbs search engines read.

Products are built here (parents and their variants with Oscar's factories), not taken
from the demo store.
"""
import io
import json
import re
from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from django.core.files.base import ContentFile
from oscar.apps.catalogue.categories import create_from_breadcrumbs
from oscar.core.loading import get_model
from oscar.test import factories
from PIL import Image

from tests.factories import make_product

pytestmark = pytest.mark.django_db

Basket = get_model("basket", "Basket")
ProductClass = get_model("catalogue", "ProductClass")


@pytest.fixture
def linens():
    """A parent bed sheet in three sizes: Single and Double in stock, King sold out; Double has its own picture."""
    category = create_from_breadcrumbs("Home > Throws & Textiles")
    parent = factories.create_product(title="Washed linen sheet", product_class="Linens", structure="parent",
                                      upc="LIN-SHEET", description="<p>Stone-washed European flax.</p>")
    parent.categories.add(category)
    children = {}
    for size, price, stock in (("Single", "48.00", 6), ("Double", "64.00", 2), ("King", "82.00", 0)):
        child = factories.create_product(parent=parent, title="", product_class="Linens", upc=f"LIN-{size.upper()}",
                                         price=Decimal(price), num_in_stock=stock,
                                         attributes={"size": size, "material": "Linen"})
        children[size] = child
    for attribute in ProductClass.objects.get(name="Linens").attributes.all():
        attribute.name = attribute.code.title()  # as a merchandiser names them: "Size", "Material"
        attribute.save()
    picture(children["Double"], "double.jpg")
    return parent, children


def picture(product, name):
    buffer = io.BytesIO()
    Image.new("RGB", (800, 600), "#8a9a5b").save(buffer, "JPEG")
    return factories.ProductImageFactory(product=product, original=ContentFile(buffer.getvalue(), name=name))


def soup(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return BeautifulSoup(response.content.decode(), "html.parser")


def json_ld(page):
    [script] = page.select('script[type="application/ld+json"]')
    return json.loads(script.string)


def shown_price(page):
    return page.select_one(".product_main .product-detail__price").get_text(strip=True)


def test_a_product_page_shows_shopper_facts_not_oscar_internals(client):
    jam = make_product("Damson jam", "6.50", upc="JAM-DAMSON", description="<p>Small-batch damsons.</p>")
    page = soup(client, jam.get_absolute_url())
    text = page.get_text(" ", strip=True)
    for internal in ("Product Type", "Price (excl. tax)", "Price (incl. tax)", "Tax $", "UPC", "Product Information"):
        assert internal not in text
    assert page.select_one(".product-sku").get_text(" ", strip=True) == "SKU JAM-DAMSON"
    assert shown_price(page) == "$6.50"
    assert "Small-batch damsons." in text and "In stock" in text


def test_a_products_attributes_are_listed_by_name(client, linens):
    _, children = linens
    page = soup(client, children["Single"].get_absolute_url())
    facts = {row.dt.get_text(strip=True): row.dd.get_text(strip=True) for row in page.select(".product-facts__row")}
    assert facts == {"Size": "Single", "Material": "Linen"}


def test_several_pictures_make_a_gallery_of_thumbnail_links(client):
    jug = make_product("Stoneware jug", "28.00")
    for n in range(3):
        picture(jug, f"jug-{n}.jpg")
    page = soup(client, jug.get_absolute_url())
    links = page.select("#product_gallery .product-gallery__thumbnails a")
    assert [a["href"] for a in links] == ["#product-picture-1", "#product-picture-2", "#product-picture-3"]
    assert all(a.img for a in links)
    assert all(page.select_one(a["href"]) for a in links)  # each thumbnail reaches its picture without scripts


def test_the_picker_lists_each_variant_with_price_and_stock_and_disables_the_sold_out_one(client, linens):
    parent, children = linens
    page = soup(client, parent.get_absolute_url())
    choices = page.select("#add_to_basket_form .variant-choice")
    rows = [(c.select_one(".variant-choice__label").get_text(strip=True),
             c.select_one(".variant-choice__price").get_text(strip=True),
             c.select_one(".variant-choice__stock").get_text(strip=True),
             c.input.has_attr("disabled")) for c in choices]
    assert rows == [("Single", "$48.00", "In stock", False),  # named by what sets it apart: its size
                    ("Double", "$64.00", "Only 2 left", False),
                    ("King", "$82.00", "Sold out", True)]
    assert [c.input["value"] for c in choices] == [str(children[s].pk) for s in ("Single", "Double", "King")]
    assert page.select_one("input[name=child_id][checked]")["value"] == str(children["Single"].pk)
    assert choices[1].select_one("img.variant-choice__picture")  # the Double's own picture beside its choice
    assert choices[1].select_one("template.variant-choice__large")  # and a large one to show when it is chosen
    assert not choices[0].select_one("img")


def test_posting_a_sold_out_variant_is_refused_with_a_message(client, linens):
    parent, children = linens
    client.get(parent.get_absolute_url())
    response = client.post(f"/shop/basket/add/{parent.pk}/", {"child_id": children["King"].pk, "quantity": 1},
                           HTTP_REFERER=parent.get_absolute_url(), follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[0][0] == parent.get_absolute_url()
    messages = [str(m) for m in response.context["messages"]]
    assert messages == ["Sorry, Washed linen sheet (Material: Linen, Size: King) is sold out. "
                        "Please choose another option."]
    assert not Basket.objects.filter(lines__isnull=False).exists()


def test_posting_an_unknown_variant_is_refused(client, linens):
    parent, _ = linens
    other = make_product("Damson jam", "6.50")
    response = client.post(f"/shop/basket/add/{parent.pk}/", {"child_id": other.pk, "quantity": 1})
    assert response.status_code == 302
    assert not Basket.objects.filter(lines__isnull=False).exists()


def test_choosing_an_in_stock_variant_adds_that_variant(client, linens):
    parent, children = linens
    response = client.post(f"/shop/basket/add/{parent.pk}/", {"child_id": children["Double"].pk, "quantity": 1})
    assert response.status_code == 302
    [line] = Basket.objects.get(lines__isnull=False).lines.all()
    assert line.product == children["Double"] and line.quantity == 1


def test_json_ld_of_a_standalone_product_matches_the_page(client):
    jam = make_product("Damson jam", "6.50", upc="JAM-DAMSON")
    page = soup(client, jam.get_absolute_url())
    data = json_ld(page)
    assert data["@context"] == "https://schema.org" and data["@type"] == "Product"
    assert data["name"] == "Damson jam" and data["sku"] == "JAM-DAMSON"
    offer = data["offers"]
    assert (offer["price"], offer["priceCurrency"], offer["availability"]) == ("6.50", "USD", "https://schema.org/InStock")
    assert shown_price(page) == f"${offer['price']}"
    assert data["url"] == page.select_one('link[rel="canonical"]')["href"] == f"http://testserver{jam.get_absolute_url()}"


def test_json_ld_of_a_sold_out_product_says_out_of_stock(client):
    jam = make_product("Quince paste", "7.00", stock=0)
    page = soup(client, jam.get_absolute_url())
    assert json_ld(page)["offers"]["availability"] == "https://schema.org/OutOfStock"
    assert "Out of stock" in page.select_one(".product_main").get_text()


def test_json_ld_of_a_parent_is_a_product_group_of_its_variants(client, linens):
    parent, children = linens
    page = soup(client, parent.get_absolute_url())
    data = json_ld(page)
    assert data["@type"] == "ProductGroup" and data["productGroupID"] == "LIN-SHEET"
    assert set(data["variesBy"]) == {"https://schema.org/size", "https://schema.org/material"}
    variants = {v["sku"]: v for v in data["hasVariant"]}
    assert {sku: (v["size"], v["offers"]["price"], v["offers"]["availability"]) for sku, v in variants.items()} == {
        "LIN-SINGLE": ("Single", "48.00", "https://schema.org/InStock"),
        "LIN-DOUBLE": ("Double", "64.00", "https://schema.org/InStock"),
        "LIN-KING": ("King", "82.00", "https://schema.org/OutOfStock"),
    }
    for choice in page.select(".variant-choice"):  # each variant's offer says what its choice says
        variant = variants[f"LIN-{choice.select_one('.variant-choice__label').get_text(strip=True).upper()}"]
        assert variant["url"] == f"http://testserver{children[variant['size']].get_absolute_url()}"
        assert choice.select_one(".variant-choice__price").get_text(strip=True) == f"${variant['offers']['price']}"
    offer = data["offers"]
    assert offer["@type"] == "AggregateOffer" and offer["priceCurrency"] == "USD"
    assert shown_price(page) == f"${offer['lowPrice']}" and offer["highPrice"] == "82.00"
    assert offer["availability"] == "https://schema.org/InStock"


def test_a_variants_own_page_is_sensible_and_canonical_to_itself(client, linens):
    parent, children = linens
    king = children["King"]
    page = soup(client, king.get_absolute_url())
    assert page.h1.get_text(strip=True) == "Washed linen sheet"
    assert shown_price(page) == "$82.00" and "Out of stock" in page.select_one(".product_main").get_text()
    assert page.select_one(".product-variant-of a")["href"] == parent.get_absolute_url()
    assert "Stone-washed European flax." in page.get_text()  # the parent's description
    assert not page.select("#add_to_basket_form")
    data = json_ld(page)
    assert data["@type"] == "Product" and data["size"] == "King"
    assert data["isVariantOf"]["@id"] == f"http://testserver{parent.get_absolute_url()}"
    assert (data["offers"]["price"], data["offers"]["availability"]) == ("82.00", "https://schema.org/OutOfStock")
    assert page.select_one('link[rel="canonical"]')["href"] == f"http://testserver{king.get_absolute_url()}"


def test_json_ld_cannot_be_closed_by_a_products_text(client):
    sneaky = make_product("Jam</script><script>alert(1)</script>", "5.00")
    html = client.get(sneaky.get_absolute_url()).content.decode()
    script = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    assert "<" not in script
    assert json.loads(script)["name"] == "Jam</script><script>alert(1)</script>"


def trail(page):
    return [li.get_text(strip=True) for li in page.select(".breadcrumb li")]


def test_breadcrumbs_never_read_home_home(client, linens):
    parent, _ = linens
    product_trail = trail(soup(client, parent.get_absolute_url()))
    assert product_trail == ["Larder & Loom", "Home", "Throws & Textiles", "Washed linen sheet"]
    category = parent.categories.get()
    assert trail(soup(client, category.get_absolute_url())) == ["Larder & Loom", "Shop", "Home", "Throws & Textiles"]
    pantry = create_from_breadcrumbs("Pantry > Preserves")
    assert trail(soup(client, pantry.get_absolute_url())) == ["Home", "Shop", "Pantry", "Preserves"]


def test_a_category_page_folds_its_filters_behind_a_filters_button(client, linens):
    parent, _ = linens
    page = soup(client, parent.categories.get().get_absolute_url())
    panel = page.select_one(".listing__filters details[data-filters]")
    assert panel is not None and not panel.has_attr("open")
    assert panel.summary.get_text(strip=True) == "Filters"
    assert panel.select(".facet")

