"""A shared fragment can't carry the viewer: it fails loudly in tests, and in production it
is shown to that viewer alone and never stored.

Given a template whose shared fragment reads something about the viewer, when it is
rendered for shopper A and then shopper B, then with strict checking (development and
tests) the render fails naming what was read, and without it each shopper sees their own
value and nothing about A is kept for B.
"""
import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.template import engines
from django.test import RequestFactory

from pagecache.viewerless import PerViewerContent

pytestmark = pytest.mark.django_db

PER_VIEWER_TEMPLATES = [
    "{{ user.email }}",
    "{% if user.is_staff %}staff{% endif %}",
    "{% if user %}someone{% endif %}",
    "{{ request.user.email }}",
    "{{ request.session.session_key }}",
    "{{ request.COOKIES }}",
    "{{ request.basket.num_lines }}",
    "{% for message in messages %}{{ message }}{% endfor %}",
    "{{ has_active_alert }}",
    "{{ num_unread_notifications }}",
]


def render(source, user, cookies=None):
    request = RequestFactory().get("/shop/catalogue/", HTTP_HOST="testserver")
    request.user = user
    request.COOKIES.update(cookies or {})
    request.session = {"secret": "session-of-" + str(getattr(user, "email", "anon"))}
    template = engines["django"].from_string("{% load shared_fragments %}{% sharedfragment \"t\" 1 %}"
                                             + source + "{% endsharedfragment %}")
    return template.render({"user": user, "messages": [f"hello {getattr(user, 'email', '')}"],
                            "has_active_alert": True, "num_unread_notifications": 3}, request)


@pytest.fixture
def two_shoppers(db):
    users = get_user_model().objects
    return (users.create_user(email="a.frag@example.com", password="x-long-password-1"),
            users.create_user(email="b.frag@example.com", password="x-long-password-2"))


@pytest.mark.parametrize("source", PER_VIEWER_TEMPLATES)
def test_a_fragment_that_reads_the_viewer_fails_loudly_in_tests(settings, two_shoppers, source):
    settings.FRAGMENT_CACHE_SECONDS = 600
    settings.SHARED_FRAGMENTS_STRICT = True
    with pytest.raises(PerViewerContent):
        render(source, two_shoppers[0])


def test_in_production_such_a_fragment_is_rendered_for_each_viewer_and_never_stored(settings, two_shoppers, caplog):
    settings.FRAGMENT_CACHE_SECONDS = 600
    settings.SHARED_FRAGMENTS_STRICT = False
    a, b = two_shoppers

    assert render("{{ user.email }}", a).strip() == "a.frag@example.com"
    assert render("{{ user.email }}", b).strip() == "b.frag@example.com"
    assert render("{{ user.email }}", AnonymousUser()).strip() == ""
    assert "rendered per viewer" in caplog.text


def test_what_every_viewer_shares_is_rendered_once_and_reused(settings, two_shoppers):
    settings.FRAGMENT_CACHE_SECONDS = 600
    settings.SHARED_FRAGMENTS_STRICT = True
    source = "{{ request.path }} {{ request.get_host }} {% now 'u' %}"
    first = render(source, two_shoppers[0])
    assert render(source, two_shoppers[1]) == first  # the same stored render, microseconds and all
    assert "/shop/catalogue/ testserver" in first
