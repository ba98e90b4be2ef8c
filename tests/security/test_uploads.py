"""Picture uploads: Oscar's product images and Wagtail's images accept real JPEG/PNG/GIF/
WebP files within the size limit; SVG (a document that can run script) and disguised or
oversized files are refused with a message beside the field, and nothing is stored."""
import io

import pytest
from oscar.core.loading import get_model
from PIL import Image as PILImage
from wagtail.images import get_image_model
from webtest import Upload

from commerce.accounts.roles import make_editor

pytestmark = pytest.mark.django_db
ProductImage = get_model("catalogue", "ProductImage")
WagtailImage = get_image_model()

SVG = (b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
       b'<script>fetch("/shop/accounts/my-data/").then(r => r.text()).then(alert)</script></svg>')


def png(size=(40, 30), kind="PNG"):
    buffer = io.BytesIO()
    PILImage.new("RGB", size, "#b5532f").save(buffer, kind)
    return buffer.getvalue()


def product_form(dashboard, product):
    return dashboard.get(f"/shop/dashboard/catalogue/products/{product.pk}/").forms["create_update_product_form"]


@pytest.mark.parametrize("name, content, message", [
    ("logo.svg", SVG, "Upload a valid image"),
    ("logo.png", SVG, "Upload a valid image"),  # SVG renamed .png
    ("notes.html", b"<script>alert(1)</script>", "Upload a valid image"),
    ("jam.gif", png(), "its name doesn’t match what it contains"),  # a PNG wearing a .gif name
    ("jam.bmp", png(kind="BMP"), "“.bmp” files can’t be uploaded here"),
])
def test_the_dashboard_refuses_product_images_that_are_not_pictures(dashboard, products, name, content, message):
    form = product_form(dashboard, products[0])
    form["images-0-original"] = Upload(name, content)
    response = form.submit()
    assert response.status_code == 200  # the form again, with the reason
    assert message in response.text
    assert not ProductImage.objects.filter(product=products[0]).exists()


def test_the_dashboard_refuses_oversized_product_images(dashboard, products, settings):
    settings.IMAGE_UPLOAD_MAX_BYTES = 1024
    form = product_form(dashboard, products[0])
    form["images-0-original"] = Upload("big.png", png((400, 400)))
    response = form.submit()
    assert "This image is 1.4\xa0KB; the limit is 1.0\xa0KB." in response.text
    assert not ProductImage.objects.filter(product=products[0]).exists()


def test_the_dashboard_accepts_a_real_picture(dashboard, products):
    form = product_form(dashboard, products[0])
    form["images-0-original"] = Upload("jam.png", png())
    assert form.submit().status_code == 302
    assert ProductImage.objects.get(product=products[0]).original.name.endswith(".png")


@pytest.fixture
def cms(django_app, db, password):
    from django.contrib.auth import get_user_model

    editor = make_editor(get_user_model().objects.create_user(email="ed@example.com", password=password))
    django_app.set_user(editor)
    return django_app


def wagtail_upload(cms, name, content):
    form = cms.get("/cms/images/add/").forms["w-editor-form"]
    form["title"] = "Upload"
    form["file"] = Upload(name, content)
    return form.submit()


def test_wagtail_refuses_svg_and_disguised_files(cms):
    svg = wagtail_upload(cms, "logo.svg", SVG)
    assert svg.status_code == 200 and "Not a supported image format" in svg.text
    disguised = wagtail_upload(cms, "logo.png", SVG)
    assert "The extension does not match the file format (svg)" in disguised.text
    assert not WagtailImage.objects.exists()


def test_wagtail_refuses_oversized_images_and_accepts_real_ones(cms, settings):
    settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE = 1024
    assert "This file is too big" in wagtail_upload(cms, "big.png", png((400, 400))).text
    settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
    assert wagtail_upload(cms, "jam.png", png()).status_code == 302
    assert WagtailImage.objects.get().file.name.endswith(".png")
