"""Who a segment reaches, exactly: always confirmed subscribers, never opt-outs or erased accounts.

Given subscribers who bought preserves (directly, a version of a parent, a subcategory),
who ordered long ago, who never ordered, plus a pending one, an opted-out customer and an
account that was erased, when each segment is counted, then it lists exactly the expected
addresses; the send page shows that count and a send mails exactly those.
"""
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from oscar.apps.catalogue.categories import create_from_breadcrumbs

from newsletter import preferences
from newsletter.models import Send
from newsletter.segments import audience
from security.account_erasure import erase_customer
from tests.factories import make_product, make_user, make_variant_product, record_order

from .conftest import compose, subscribe

pytestmark = pytest.mark.django_db


def emails(queryset):
    return sorted(queryset.values_list("email", flat=True))


@pytest.fixture
def shop(category, password):
    """category is Pantry > Preserves."""
    jam = make_product("Damson jam", "6.50", category=category)
    honey = make_product("Heather honey", "8.00", category=create_from_breadcrumbs("Pantry > Preserves > Honey"))
    apron, (sage,) = make_variant_product("Linen apron", "colour", [("Sage", "30.00", 4)],
                                          category=create_from_breadcrumbs("Pantry > Preserves > Linen"))
    towel = make_product("Tea towel", "12.00", category=create_from_breadcrumbs("Kitchen"))
    now = timezone.now()
    old, recent = now - timedelta(days=120), now - timedelta(days=5)
    number = iter(range(100001, 100100))

    def order(when, *products, user=None, guest=""):
        record_order(str(next(number)), when, [(p, 1, "10.00") for p in products], user=user, guest=guest)

    ada = make_user("ada@example.com", password)
    subscribe("ada@example.com", user=ada)
    order(recent, jam, user=ada)                       # preserves, recently, signed in
    subscribe("bea@example.com")
    order(old, honey, guest="bea@example.com")         # preserves (a subcategory) long ago, as a guest
    subscribe("cy@example.com")
    order(old, sage, guest="CY@example.com")           # a version of a parent in preserves, long ago
    subscribe("dee@example.com")
    order(old, towel, guest="dee@example.com")         # only kitchen, long ago
    subscribe("eve@example.com")                       # never ordered
    subscribe("pending@example.com", status="pending")
    order(old, jam, guest="pending@example.com")
    subscribe("quit@example.com")
    order(old, jam, guest="quit@example.com")
    preferences.set_preferences("quit@example.com", newsletter=False)  # opted out
    gone = make_user("gone@example.com", password)
    subscribe("gone@example.com", user=gone)
    order(old, jam, user=gone)
    erase_customer(gone)
    subscribe("new@example.com", status="never")
    return {"apron": apron}


def test_each_segment_lists_exactly_its_subscribers(shop, category):
    assert emails(audience("all")) == ["ada@example.com", "bea@example.com", "cy@example.com", "dee@example.com",
                                       "eve@example.com"]
    assert emails(audience("category", category=category)) == ["ada@example.com", "bea@example.com",
                                                               "cy@example.com"]
    assert emails(audience("lapsed", days=30)) == ["bea@example.com", "cy@example.com", "dee@example.com"]
    assert emails(audience("lapsed", days=365)) == []
    assert emails(audience("never_ordered")) == ["eve@example.com"]


def test_the_send_page_counts_the_segment_and_the_send_mails_exactly_it(shop, category, client, marketer,
                                                                          committed):
    newsletter = compose()
    client.force_login(marketer)
    page = client.get(f"/cms/newsletters/{newsletter.pk}/send/",
                      {"segment": "category", "category": category.pk, "days": ""})
    assert "Audience: 3 confirmed subscribers" in page.content.decode()

    with committed():
        response = client.post(f"/cms/newsletters/{newsletter.pk}/send/",
                               {"segment": "category", "category": category.pk, "when": "now"})
    assert response.status_code == 302
    assert sorted(m.to[0] for m in mail.outbox) == ["ada@example.com", "bea@example.com",
                                                   "cy@example.com"]
    send = Send.objects.get()
    assert (send.status, send.recipients) == ("sent", 3)


def test_a_segment_without_its_parameter_is_refused_clearly(shop, client, marketer):
    newsletter = compose()
    client.force_login(marketer)
    response = client.post(f"/cms/newsletters/{newsletter.pk}/send/", {"segment": "lapsed", "when": "now"})
    assert response.status_code == 400 and "number of days" in response.content.decode()
    assert not Send.objects.exists()
