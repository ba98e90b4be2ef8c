"""The add-to-basket button of a newsletter works from a mail app, and only as the shop signed it.

Given an email with a product, when the reader clicks its button, then the product is in
their basket and they land on the basket with a message; a link altered by hand or for a
product sold out since is refused with a clear message and adds nothing.
"""
import re

import pytest
from django.core import mail

from newsletter import campaigns
from newsletter.basket_links import add_to_basket_url
from newsletter.models import Send
from tests.factories import product_block

from .conftest import compose, subscribe

pytestmark = pytest.mark.django_db


def basket_links(html):
    return re.findall(r'href="https?://[^/"]+(/newsletter/basket/[^"]+/)"', html)


def basket_titles(client):
    return [line.product.title for line in client.get("/shop/basket/").context["basket"].all_lines()]


@pytest.fixture
def emailed_link(products, committed):
    subscribe("fan@example.com", tracking=False)  # the button's own link, not its tracked redirect
    with committed():
        campaigns.schedule(compose(product_block(products[0])), segment=Send.Segment.ALL)
    [link] = basket_links(mail.outbox[0].alternatives[0][0])
    return link


def test_the_emailed_link_puts_the_product_in_the_basket(client, emailed_link):
    response = client.get(emailed_link, follow=True)

    assert response.redirect_chain[-1][0] == "/shop/basket/"
    assert "Damson jam is in your basket" in response.content.decode()
    assert basket_titles(client) == ["Damson jam"]


def test_a_forged_link_is_refused_and_adds_nothing(client, emailed_link, products):
    token = emailed_link.rsplit("/", 2)[-2]
    other = add_to_basket_url(products[1]).rsplit("/", 2)[-2]
    forged = f"{other.split(':')[0]}:{token.split(':', 1)[1]}"  # another product's payload, this signature

    for link in (f"/newsletter/basket/{forged}/", f"/newsletter/basket/{token[:-2]}xx/", "/newsletter/basket/1/"):
        response = client.get(link)
        assert response.status_code == 400, link
        assert "not one of ours" in response.content.decode()
    assert basket_titles(client) == []


def test_a_product_sold_out_since_the_email_is_refused_clearly(client, emailed_link, products):
    record = products[0].stockrecords.get()
    record.num_in_stock = 0
    record.save()

    response = client.get(emailed_link)

    assert response.status_code == 409 and "Damson jam is sold out now" in response.content.decode()
    assert basket_titles(client) == []


def test_the_link_only_answers_get(client, emailed_link):
    assert client.post(emailed_link).status_code == 405
