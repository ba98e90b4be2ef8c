"""Fixtures for the content tests: a published page tree with the site's home page as root.

Import with `from .content_helpers import *` in a tests/test_content_*.py module.
"""
import io

import pytest
from django.core.files.images import ImageFile
from PIL import Image as PILImage
from wagtail.embeds.embeds import get_embed_hash
from wagtail.embeds.models import Embed
from wagtail.images.models import Image
from wagtail.models import Page, Site

from content.models import (
    BlogIndexPage,
    BlogPage,
    ContactFormField,
    ContactPage,
    HomePage,
    PromotionIndexPage,
    StandardPage,
)

VIDEO_URL = "https://www.youtube.com/watch?v=larder-demo"

__all__ = ["VIDEO_URL", "blog", "contact", "editor", "home", "picture", "promotions", "publish", "stored_embed",
           "paragraph", "product_block", "grid_block", "editor_client", "standard_page", "post"]


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


@pytest.fixture
def home(db):
    root = Page.get_first_root_node()
    page = publish(root, HomePage(title="Larder & Loom", slug="test-home", hero_title="Good things for the kitchen"))
    Site.objects.filter(is_default_site=True).update(root_page=page)
    return page


@pytest.fixture
def blog(home):
    return publish(home, BlogIndexPage(title="Journal", slug="blog", intro="Recipes and visits.", show_in_menus=True))


@pytest.fixture
def promotions(home):
    return publish(home, PromotionIndexPage(title="Promotions", slug="promotions", intro="Offers running now."))


@pytest.fixture
def contact(home):
    page = ContactPage(title="Contact", slug="contact", intro="<p>Write to us.</p>", staff_email="staff@example.com",
                       thank_you_text="<p>Thank you, your message has reached us.</p>")
    for order, (label, kind) in enumerate([("Name", "singleline"), ("Email", "email"), ("Message", "multiline")]):
        page.form_fields.add(ContactFormField(sort_order=order, label=label, field_type=kind, required=True))
    return publish(home, page)


@pytest.fixture
def picture(db):
    buffer = io.BytesIO()
    PILImage.new("RGB", (64, 48), "#2f5d50").save(buffer, "PNG")
    return Image.objects.create(title="Green square", file=ImageFile(buffer, name="green.png"))


@pytest.fixture
def stored_embed(db):
    """The oEmbed answer for VIDEO_URL, stored as Wagtail's embed cache, so rendering needs no network."""
    return Embed.objects.create(url=VIDEO_URL, max_width=960, hash=get_embed_hash(VIDEO_URL, 960, None),
                                type="video", html='<iframe title="Marmalade day" src="https://example.com/v"></iframe>',
                                title="Marmalade day", provider_name="YouTube")


@pytest.fixture
def editor(db, password):
    from django.contrib.auth import get_user_model

    from commerce.accounts.roles import make_editor

    return make_editor(get_user_model().objects.create_user(email="editor@example.com", password=password))


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def standard_page(home):
    return publish(home, StandardPage(title="About us", slug="about", intro="Two people and a market stall.",
                                      show_in_menus=True))


@pytest.fixture
def post(blog):
    return publish(blog, BlogPage(title="A morning at the marmalade kitchen", slug="marmalade", author="Hannah Price",
                                  intro="Seville oranges have a short season."))
