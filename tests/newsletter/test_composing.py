"""An editor composes a newsletter in Wagtail; the email shows the shop as it is when it is sent.

Given a newsletter selling products, when the price changes after it was written, then the
email that goes out shows the new price, in an email-safe layout with absolute links; a
parent product shows "from" its cheapest version and links to its page; the editor's
preview is that email, and a test goes to the editor alone, marked [Test], counted nowhere.
"""
from decimal import Decimal

import pytest
from django.core import mail
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from newsletter import campaigns
from newsletter.models import Newsletter, Send
from newsletter.tasks import send_due_newsletters
from outbox.models import OutgoingEmail
from tests.factories import make_variant_product, product_block

from .conftest import compose, subscribe

pytestmark = pytest.mark.django_db
SNIPPETS = "/cms/snippets/newsletter/newsletter"


def sent_html(message):
    return message.alternatives[0][0]


def test_the_email_carries_the_price_at_send_time_not_at_writing(newsletter, products, committed):
    subscribe("fan@example.com", tracking=False)  # links as written, not tracked
    record = products[0].stockrecords.get()
    record.price = Decimal("5.75")  # the merchandiser changes it after the newsletter was written
    record.save()

    with committed():
        campaigns.schedule(newsletter, segment=Send.Segment.ALL)

    [email] = mail.outbox
    html = sent_html(email)
    assert email.subject == "Jam season" and email.to == ["fan@example.com"]
    assert "$5.75" in html and "$6.50" not in html
    assert "$7.25" in html and "Our best seller" in html  # the grid and the editor's note
    assert "<table" in html and "<link" not in html and "<style" not in html
    assert 'href="http://testserver/shop/"' in html or 'href="http' in html.split("See all")[0][-80:]
    assert 'href="/' not in html and 'src="/' not in html  # every link and picture absolute
    assert "$5.75" in email.body and "Unsubscribe in one click: http" in email.body


def test_a_parent_shows_from_its_cheapest_version_and_links_to_its_page(category, committed):
    parent, _ = make_variant_product("Linen apron", "colour", [("Sage", "30.00", 4), ("Rust", "24.00", 3)],
                                     category=category)
    subscribe("fan@example.com", tracking=False)  # links as written, not tracked
    with committed():
        campaigns.schedule(compose(product_block(parent)), segment=Send.Segment.ALL)
    html = sent_html(mail.outbox[0])
    assert "from $24.00" in html and "Choose options" in html
    assert "/newsletter/basket/" not in html and parent.get_absolute_url() in html


def test_a_sold_out_product_says_so_and_has_no_basket_link(products, committed):
    record = products[2].stockrecords.get()
    record.num_in_stock = 0
    record.save()
    subscribe("fan@example.com", tracking=False)  # links as written, not tracked
    with committed():
        campaigns.schedule(compose(product_block(products[2])), segment=Send.Segment.ALL)
    html = sent_html(mail.outbox[0])
    assert "Quince paste" in html and "Sold out" in html and "/newsletter/basket/" not in html


def newsletter_form(title, subject, product, note, **actions):
    """What the snippet editor posts (its blocks are built by JavaScript, so spelled out here)."""
    return nested_form_data({"title": title, "subject": subject, "preheader": "",
                             "body": streamfield([("paragraph", rich_text("<p>Fresh from the orchard.</p>")),
                                                  ("product", {"product": product.pk, "note": note})]),
                             "go_live_at": "", "expire_at": "", **actions})


def test_an_editor_composes_and_previews_the_email_as_it_will_be_sent(client, editor, products, committed):
    client.force_login(editor)
    with committed():
        response = client.post(f"{SNIPPETS}/add/", newsletter_form("Orchard", "Orchard news", products[0], "Tart"))
    assert response.status_code == 302, response.content.decode()[:2000]
    newsletter = Newsletter.objects.get()
    assert not newsletter.live  # saved as a draft: not ready to send

    preview = f"{SNIPPETS}/preview/{newsletter.pk}/"
    answer = client.post(preview, newsletter_form("Orchard", "Orchard news", products[1], "Bitter and bright"))
    assert answer.json()["is_valid"]
    html = client.get(preview).content.decode()
    assert "Seville marmalade" in html and "$7.25" in html and "Bitter and bright" in html
    assert "<table" in html and "Unsubscribe in one click" in html and "%%" not in html


def test_a_test_goes_to_the_editor_alone_marked_test_and_counts_nowhere(client, editor, newsletter, committed):
    subscribe("fan@example.com", tracking=False)  # links as written, not tracked
    client.force_login(editor)
    assert "editor@example.com" in client.get(f"/cms/newsletters/{newsletter.pk}/test/").content.decode()
    with committed():
        response = client.post(f"/cms/newsletters/{newsletter.pk}/test/")
    assert response.status_code == 302
    [email] = mail.outbox
    assert email.to == ["editor@example.com"] and email.subject == "[Test] Jam season"
    assert "Damson jam" in sent_html(email)
    assert not Send.objects.exists()
    assert OutgoingEmail.objects.get().kind == "NEWSLETTER_TEST"


def test_an_editor_tests_the_draft_not_only_the_published_version(client, editor, newsletter, committed):
    newsletter.subject = "Draft subject"
    newsletter.save_revision()  # saved, not published
    client.force_login(editor)
    with committed():
        client.post(f"/cms/newsletters/{newsletter.pk}/test/")
    assert mail.outbox[0].subject == "[Test] Draft subject"


def test_beat_starts_a_due_send_once(newsletter, committed):
    subscribe("fan@example.com", tracking=False)  # links as written, not tracked
    with committed():
        send = Send.objects.create(newsletter=newsletter, send_at=newsletter.created_at)
        send_due_newsletters()
        send_due_newsletters()
    assert len(mail.outbox) == 1
    send.refresh_from_db()
    assert send.status == "sent"


def test_a_picture_is_mailed_as_a_rendition_at_an_absolute_address(committed):
    import io

    from django.core.files.images import ImageFile
    from PIL import Image as PILImage
    from wagtail.images.models import Image

    buffer = io.BytesIO()
    PILImage.new("RGB", (900, 600), "#2f5d50").save(buffer, "PNG")
    picture = Image.objects.create(title="Orchard", file=ImageFile(buffer, name="orchard.png"))
    subscribe("fan@example.com", tracking=False)  # links as written, not tracked
    with committed():
        campaigns.schedule(compose({"type": "image", "value": {"image": picture.pk, "caption": "Picked today"}}),
                           segment=Send.Segment.ALL)
    html = sent_html(mail.outbox[0])
    rendition = picture.get_rendition("width-600")
    assert 'src="http://' in html and rendition.url in html and 'width="600"' in html
    assert "Picked today" in html and picture.file.url not in html  # the rendition, not the 900px original
