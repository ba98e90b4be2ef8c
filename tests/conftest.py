"""Fixtures every area shares: a small catalogue, people in each role, signed-in clients and a
published page tree with the site's home page as root. Built with tests/factories.py."""
import pytest
from oscar.core.loading import get_model
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
from tests.factories import make_product, make_user, publish

pytest_plugins = ["tests.fake_stripe"]  # localstripe fixtures for the payment tests (started only when asked for)

Category = get_model("catalogue", "Category")
Country = get_model("address", "Country")


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate-limit counters (security/ratelimit.py) live in the cache: each test starts at zero."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def country(db):
    """The United States, with the shop's standard and express delivery (no tax rates: see tax_rates)."""
    from commerce.demo.fulfilment import ensure_methods

    us = Country.objects.get_or_create(
        iso_3166_1_a2="US", defaults={"printable_name": "United States", "name": "United States of America",
                                      "is_shipping_country": True},
    )[0]
    ensure_methods(codes={"standard", "express"})
    return us


@pytest.fixture
def markets(country):
    """The shop's markets as the demo sets them up: US states, Canadian provinces and the UK,
    each with its delivery methods and tax rates."""
    from commerce.demo.countries import ensure_shipping_countries
    from commerce.demo.fulfilment import ensure_methods, ensure_tax_rates

    ensure_shipping_countries()
    ensure_methods()
    ensure_tax_rates()


@pytest.fixture
def category(db):
    from oscar.apps.catalogue.categories import create_from_breadcrumbs

    return create_from_breadcrumbs("Pantry > Preserves")


@pytest.fixture
def products(category):
    return [
        make_product("Damson jam", "6.50", category=category),
        make_product("Seville marmalade", "7.25", category=category),
        make_product("Quince paste", "9.00", stock=2, category=category),
    ]


@pytest.fixture
def password():
    return "correct-horse-battery-42"


@pytest.fixture
def shopper(db, password):
    return make_user("ada@example.com", password, first_name="Ada")


@pytest.fixture
def shopper_client(client, shopper):
    client.force_login(shopper)
    return client


@pytest.fixture
def merchandiser(db, password):
    from commerce.accounts.roles import make_merchandiser

    return make_merchandiser(make_user("merch@example.com", password))


@pytest.fixture
def dashboard(django_app, merchandiser):
    """The merchandiser signed in, in a browser without JavaScript (django-webtest)."""
    django_app.set_user(merchandiser)
    return django_app


@pytest.fixture
def editor(db, password):
    from commerce.accounts.roles import make_editor

    return make_editor(make_user("editor@example.com", password))


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """`with committed():` runs the block's after-commit work (Celery tasks, eager here) as a commit would."""
    def block():
        return django_capture_on_commit_callbacks(execute=True)
    return block


# The page tree --------------------------------------------------------------------------

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
def standard_page(home):
    return publish(home, StandardPage(title="About us", slug="about", intro="Two people and a market stall.",
                                      show_in_menus=True))


@pytest.fixture
def post(blog):
    return publish(blog, BlogPage(title="A morning at the marmalade kitchen", slug="marmalade", author="Hannah Price",
                                  intro="Seville oranges have a short season."))


@pytest.fixture
def caches_on(settings):
    """The page cache and shared fragments on, as in production (a module asks for it with
    pytest.mark.usefixtures("caches_on"))."""
    settings.PAGE_CACHE_SECONDS = 600
    settings.FRAGMENT_CACHE_SECONDS = 600
