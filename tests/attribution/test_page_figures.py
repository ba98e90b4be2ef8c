"""What a page sold in the last 30 days, as an editor sees it in the Wagtail admin.

Given a blog post that was the last touch of a paid order's lines 3 days ago ($6.50 jam
and 2 × $7.25 marmalade, $4.00 of it since refunded), of a cancelled order, and of an
order 40 days ago, when an editor opens the post's edit view, then its header menu says
what it sold in the last 30 days, net of the refund and without the other two orders,
and the Content sales report in the admin lists it with the same figures.
"""
import datetime as dt

import pytest
from django.utils import timezone

from attribution.models import LineAttribution
from tests.factories import record_order

pytestmark = pytest.mark.django_db


def attribute(order, page, block_type="product"):
    when = order.date_placed - dt.timedelta(hours=1)
    for line in order.lines.all():
        LineAttribution.objects.create(line=line, first_page=page, first_block_type=block_type, first_touched_at=when,
                                       last_page=page, last_block_type=block_type, last_touched_at=when)


@pytest.fixture
def sold_from_post(post, products):
    jam, marmalade = products[0], products[1]
    now = timezone.now()
    paid, _ = record_order("A1", now - dt.timedelta(days=3), [(jam, 1, "6.50"), (marmalade, 2, "14.50")],
                           shipping="4.95", refund="4.00")
    cancelled, _ = record_order("A2", now - dt.timedelta(days=1), [(jam, 5, "32.50")], status="Cancelled")
    old, _ = record_order("A3", now - dt.timedelta(days=40), [(jam, 1, "6.50")])
    for order in (paid, cancelled, old):
        attribute(order, post)
    return post


def test_an_editor_sees_what_a_page_sold_in_the_last_30_days(client, editor, sold_from_post):
    client.force_login(editor)
    edit_view = client.get(f"/cms/pages/{sold_from_post.pk}/edit/").content.decode()
    # 6.50 + 14.50 = 21.00 of goods, less the 4.00 refunded
    assert "Sold in the last 30 days: 3 items, $17.00 net" in edit_view

    report = client.get("/cms/reports/content-sales/").content.decode()
    assert sold_from_post.title in report
    assert "<td>3</td>" in report and "<td>$21.00</td>" in report and "<td>$4.00</td>" in report
    assert "<td>$17.00</td>" in report


def test_a_page_that_sold_nothing_says_so(client, editor, post):
    client.force_login(editor)
    assert "Sold in the last 30 days: 0 items, $0.00 net" in client.get(f"/cms/pages/{post.pk}/edit/").content.decode()
