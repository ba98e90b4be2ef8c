"""What a send sold: a click, an add to the basket and an order placed count for the send, through
content attribution's email touches; an order placed after EMAIL_ATTRIBUTION_DAYS does not.
"""
import datetime as dt
import re
from decimal import Decimal

import pytest
from oscar.apps.partner.strategy import Default
from oscar.core.loading import get_model
from oscar.test import factories

from attribution.models import BasketTouch
from email_tracking.figures import figures
from email_tracking.links import instrument
from outbox.outbox import queue_email
from reports.builders import attribution as attribution_report
from reports.periods import shop_today
from tests.checkout_steps import add_to_basket

Basket = get_model("basket", "Basket")

pytestmark = pytest.mark.django_db

BASE = "http://127.0.0.1:8000"


def click_through(app, product):
    key = "newsletter:7:1"
    html = instrument(f'<html><body><a href="{BASE}{product.get_absolute_url()}">Jam</a></body></html>',
                      key=key, email="ada@example.com")
    queue_email(to="ada@example.com", subject="Autumn preserves", body="text", html=html, key=key)
    link = re.search(r'href="http://127\.0\.0\.1:8000(/email/c/[^"]+)"', html)[1]
    assert app.get(link).status_code == 302


def place_from_basket():
    basket = Basket.objects.filter(lines__isnull=False).distinct().get()
    basket.strategy = Default()
    return factories.create_order(basket=basket, guest_email="ada@example.com")


def test_an_order_after_a_click_counts_for_the_send_exactly(django_app, settings, products):
    settings.EMAIL_ATTRIBUTION_DAYS = 7
    jam, marmalade = products[0], products[1]
    click_through(django_app, jam)
    add_to_basket(django_app, jam, quantity=2)
    add_to_basket(django_app, marmalade)

    order = place_from_basket()

    found = figures("newsletter:7")
    assert found["orders"] == 1
    assert found["revenue"] == sum((line.line_price_incl_tax for line in order.lines.all()), Decimal("0"))
    assert found["revenue"] == Decimal("20.25")  # 2 × 6.50 + 7.25
    assert figures("newsletter:8")["revenue"] == Decimal("0.00")
    assert {line.attribution.email_key for line in order.lines.all()} == {"newsletter:7:1"}
    assert all(line.attribution.last_page_id is None for line in order.lines.all())  # no content page led here

    today = shop_today()
    report = attribution_report.build(type("Run", (), {"date_from": today - dt.timedelta(days=6), "date_to": today}),
                                      lambda *args: None)
    tables = {t["key"]: t["rows"] for t in report["tables"]}
    assert tables["by_email_send"] == [["newsletter:7", 3, "20.25", "0.00", "20.25"]]
    assert tables["by_page"] == []  # an email sale is not a content page's


def test_an_order_placed_after_the_window_is_not_counted(django_app, settings, products):
    settings.EMAIL_ATTRIBUTION_DAYS = 7
    click_through(django_app, products[0])
    add_to_basket(django_app, products[0])
    BasketTouch.objects.update(clicked_at=dt.datetime.now(dt.UTC) - dt.timedelta(days=8))

    place_from_basket()

    assert (figures("newsletter:7")["orders"], figures("newsletter:7")["revenue"]) == (0, Decimal("0.00"))


def test_an_add_without_a_click_is_no_email_touch(django_app, products):
    add_to_basket(django_app, products[0])
    assert not BasketTouch.objects.exists()
