"""A real send is measured: each subscriber's HTML is tracked unless they refused tracking, and
the send page shows the opens, clicks, unsubscribes and revenue the send brought.

Given two subscribers (Bob refused tracking) and a published newsletter selling jam, when a
marketer sends it and Ann opens it, adds a jar from the email's own button, adds another,
buys them and then unsubscribes from the email's own link, then the send page reads opened 1, clicked 1,
unsubscribed 1 and revenue $13.00; Bob's email has no pixel and plain links, and nothing of
his is counted.
"""
import re

import pytest
from django.core import mail

from newsletter.models import Send, Subscriber
from tests.checkout_steps import add_to_basket
from tests.email_tracking.test_revenue import place_from_basket

from .conftest import subscribe
from .test_sending import send_url

pytestmark = pytest.mark.django_db


def site_path(url):
    return re.sub(r"^https?://[^/]+", "", url)


def test_a_send_counts_its_opens_clicks_unsubscribes_and_revenue(client, django_app, marketer, newsletter,
                                                                  products, committed):
    subscribe("ann@example.com")
    bob = subscribe("bob@example.com")
    bob.tracking = False
    bob.save()
    client.force_login(marketer)
    with committed():
        client.post(send_url(newsletter), {"segment": "all", "when": "now"})

    emails = {m.to[0]: m for m in mail.outbox}
    ann_html, bob_html = (emails[who].alternatives[0][0] for who in ("ann@example.com", "bob@example.com"))
    assert "/email/o/" not in bob_html and "/email/c/" not in bob_html
    pixel = re.search(r'src="([^"]*/email/o/[^"]+)"', ann_html)[1]
    assert django_app.get(site_path(pixel)).content_type == "image/gif"

    # The jam's "Add to basket" button, through its tracked link: the send is remembered.
    redirects = [django_app.get(site_path(url)) for url in re.findall(r'href="([^"]*/email/c/[^"]+)"', ann_html)]
    add = next(r for r in redirects if "/newsletter/basket/" in r.location)
    assert "Damson jam" in django_app.get(site_path(add.location)).maybe_follow().text
    add_to_basket(django_app, products[0])  # and one more from the product page: 2 × 6.50
    place_from_basket()
    unsubscribe = emails["ann@example.com"].extra_headers["List-Unsubscribe"].strip("<>")
    assert django_app.post(site_path(unsubscribe)).status_code == 200

    row = client.get(send_url(newsletter)).content.decode()
    row = row[row.index("<h2>Sends</h2>"):]
    row = row[row.index("<tbody>"):row.index("</tbody>")]
    cells = [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td>(.*?)</td>", row, re.S)]
    assert cells[3:11] == ["2", "2", "2", "0", "1", "1", "1", "$13.00"]
    assert Subscriber.objects.get(email="ann@example.com").unsubscribed_via.startswith(Send.objects.get().key_prefix)
