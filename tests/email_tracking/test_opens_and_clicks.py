"""Opens and clicks of a marketing email: counted once per email, redirected only where the email
linked, refused or ignored when forged, and nothing at all for an address that refused tracking.

A newsletter send is stood in for by outbox emails keyed "newsletter:7:<n>".
"""
import re

import pytest

from email_tracking.figures import figures
from email_tracking.links import instrument
from email_tracking.models import EmailClick, EmailOpen
from newsletter.preferences import preferences_url, set_preferences, unsubscribe_url
from outbox.models import OutgoingEmail
from outbox.outbox import queue_email

pytestmark = pytest.mark.django_db

BASE = "http://127.0.0.1:8000"


def newsletter_html(email, key):
    return (f'<html><body><!--[if mso]><a href="https://example.com/in-comment">x</a><![endif]-->'
            f'<p><a class="button" href="https://shop.example/sale?a=1&amp;b=2">Sale</a> '
            f"<a href='/relative'>r</a> <a href=\"mailto:help@example.com\">Mail us</a> "
            f'<a href="#top">top</a> <A HREF=https://example.com/plain>plain</A></p>'
            f'<a href="{unsubscribe_url(email, "newsletter", key)}">Unsubscribe</a>'
            f'<a href="{preferences_url(email)}">Preferences</a></body></html>')


def send(email, n=1, status=OutgoingEmail.Status.SENT):
    key = f"newsletter:7:{n}"
    html = instrument(newsletter_html(email, key), key=key, email=email)
    row = queue_email(to=email, subject="Autumn preserves", body="text", html=html, key=key)
    OutgoingEmail.objects.filter(pk=row.pk).update(status=status)
    return key, html


def links(html):
    return re.findall(r"""href\s*=\s*["']?([^"'\s>]+)""", html, re.IGNORECASE)


def pixel(html):
    return re.search(r'<img src="http://127\.0\.0\.1:8000(/email/o/[^"]+)"', html)[1]


def test_web_links_are_redirected_and_the_rest_stay_direct_and_a_pixel_is_added(settings):
    settings.WAGTAILADMIN_BASE_URL = BASE
    key, html = send("ada@example.com")
    found = links(html)
    tracked = [u for u in found if u.startswith(f"{BASE}/email/c/")]
    assert len(tracked) == 2  # the sale button and the bare link
    assert "https://example.com/in-comment" in html  # Outlook's conditional block untouched
    assert "/relative" in found and "mailto:help@example.com" in found and "#top" in found
    assert sum(u.startswith(f"{BASE}/newsletter/unsubscribe/") for u in found) == 1
    assert sum(u.startswith(f"{BASE}/newsletter/preferences/") for u in found) == 1
    assert html.count("<img") == 1 and html.index("<img") < html.index("</body>")
    assert 'class="button"' in html and ">Sale</a>" in html


def test_an_open_is_counted_once_per_email(client):
    key, html = send("ada@example.com")
    _, other = send("bea@example.com", n=2)
    for _ in range(3):
        response = client.get(pixel(html))
        assert response.status_code == 200 and response["Content-Type"] == "image/gif"
        assert "no-store" in response["Cache-Control"]
        assert not response.cookies  # no session, nothing set
    client.get(pixel(other))
    assert figures("newsletter:7")["opened"] == 2
    assert EmailOpen.objects.filter(key=key).count() == 1


def test_a_forged_pixel_is_answered_but_not_counted(client):
    key, html = send("ada@example.com")
    path = pixel(html)
    for forged in (path[:-8] + "AAAA.gif", "/email/o/not-a-token.gif"):
        response = client.get(forged)
        assert response.status_code == 200 and response["Content-Type"] == "image/gif"
        assert "no-store" in response["Cache-Control"]
    assert not EmailOpen.objects.exists()


def test_a_click_is_counted_and_goes_exactly_where_the_email_linked(client):
    key, html = send("ada@example.com")
    [sale, _] = [u for u in links(html) if "/email/c/" in u]
    response = client.get(sale.removeprefix(BASE))
    assert response.status_code == 302
    assert response["Location"] == "https://shop.example/sale?a=1&b=2"
    [recorded] = EmailClick.objects.all()
    assert (recorded.key, recorded.url) == (key, "https://shop.example/sale?a=1&b=2")
    assert figures("newsletter:7")["clicked"] == 1


@pytest.mark.parametrize("forged", ["not-a-token", "WyJuZXdzbGV0dGVyOjc6MSIsImh0dHBzOi8vZXZpbC5leGFtcGxlIl0:abc"])
def test_a_forged_click_is_refused_with_a_page(client, forged):
    send("ada@example.com")
    response = client.get(f"/email/c/{forged}/")
    assert response.status_code == 400
    assert "Location" not in response
    assert "This link doesn't work" in response.content.decode()
    assert not EmailClick.objects.exists()


def test_an_address_that_refused_tracking_gets_plain_links_and_no_pixel():
    set_preferences("ada@example.com", tracking=False)
    original = newsletter_html("ada@example.com", "newsletter:7:1")
    assert instrument(original, key="newsletter:7:1", email="ada@example.com") == original


def test_refusing_tracking_after_the_send_records_nothing(client):
    key, html = send("ada@example.com")
    click_link = next(u for u in links(html) if "/email/c/" in u)
    set_preferences("ada@example.com", tracking=False)
    assert client.get(pixel(html)).status_code == 200
    response = client.get(click_link.removeprefix(BASE))
    assert response.status_code == 302 and not response.cookies  # still taken there, but not followed
    assert not EmailOpen.objects.exists() and not EmailClick.objects.exists()


def test_delivered_and_unsubscribed_count_the_send_only():
    send("ada@example.com", n=1)
    send("bea@example.com", n=2)
    send("cy@example.com", n=3, status=OutgoingEmail.Status.QUEUED)
    send("dee@example.com", n=71)  # "newsletter:7:71" is in the send…
    queue_email(to="eve@example.com", subject="Another", body="x", key="newsletter:71:1")  # …this one is not
    OutgoingEmail.objects.filter(key="newsletter:71:1").update(status=OutgoingEmail.Status.SENT)
    set_preferences("bea@example.com", newsletter=False, via="newsletter:7:2")
    set_preferences("eve@example.com", newsletter=False, via="newsletter:71:1")
    found = figures("newsletter:7")
    assert (found["delivered"], found["unsubscribed"]) == (3, 1)
