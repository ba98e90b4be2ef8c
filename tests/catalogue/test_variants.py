"""Products sold in versions: listings and blocks say "from $X" and send the shopper to choose;
the basket, the order and its email say which version was chosen."""
import pytest
from oscar.core.loading import get_model

from tests.factories import grid_block, make_variant_product, place_order

pytestmark = pytest.mark.django_db

Line = get_model("basket", "Line")


@pytest.fixture
def throw(category):
    """Rust is the cheapest but sold out, so the card's "from" is the cheapest one on sale."""
    return make_variant_product("Lambswool throw", "colour", [
        ("Charcoal", "120.00", 5), ("Rust", "95.00", 0), ("Oatmeal", "110.00", 8)], category=category)


def test_a_parent_in_a_grid_says_from_and_links_to_its_page_instead_of_failing_to_add(django_app, post, throw,
                                                                                      products):
    parent, _children = throw
    post.body = [grid_block("Warm things", products=[parent, products[0]])]
    post.save_revision().publish()
    page = django_app.get(post.url)
    assert "from $110.00" in page.text
    assert f"/shop/basket/add/{parent.pk}/" not in page.text  # no form that Oscar would refuse
    assert f"/shop/basket/add/{products[0].pk}/" in page.text  # a plain product still sells from the grid
    choose = page.click(description="Choose options", href=parent.get_absolute_url())
    assert choose.status_code == 200 and "Lambswool throw" in choose.text


def test_category_listing_shows_a_parent_from_its_cheapest_version(client, category, throw):
    html = client.get(category.get_absolute_url()).content.decode()
    assert "Lambswool throw" in html and "from $110.00" in html and "Choose options" in html


def test_the_basket_shows_the_chosen_version(client, throw):
    _parent, (charcoal, _rust, _oatmeal) = throw
    assert client.post(f"/shop/basket/add/{charcoal.pk}/", {"quantity": 1}).status_code == 302
    assert Line.objects.filter(product=charcoal).exists()
    basket = client.get("/shop/basket/").content.decode()
    # On the line itself, not only in the "added to your basket" message.
    assert "Lambswool throw" in basket and '<span class="line-attributes__item">Colour: Charcoal</span>' in basket


def test_the_order_page_and_its_confirmation_email_show_the_chosen_version(shopper_client, shopper, throw):
    from django.template.loader import render_to_string

    _parent, (charcoal, _rust, _oatmeal) = throw
    order = place_order((charcoal, 1), user=shopper)
    page = shopper_client.get(f"/shop/accounts/orders/{order.number}/").content.decode()
    assert "Lambswool throw — Colour: Charcoal" in page
    for kind in ("html", "txt"):
        email = render_to_string(f"oscar/communication/emails/commtype_order_placed_body.{kind}", {"order": order})
        assert "Colour: Charcoal" in email, kind
