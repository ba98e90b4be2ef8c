"""A recipe's "Add everything to basket" counts as adds from the page's recipe block.

Given a published post whose recipe holds the marmalade (2) and a sold-out honey with the
lemon curd as its alternative, when a guest adds everything and pays at localstripe, then
both order lines carry the post and the "recipe" block, the swap included: what sold is
the curd, so the curd is what the page is credited with.
"""
import pytest

from tests.checkout_steps import guest_checkout_to_payment_step, paid_at_localstripe
from tests.factories import make_product, recipe_block

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("caches_on")]


def test_everything_a_recipe_adds_is_credited_to_its_page_and_block(django_app, client, stripe, country, post,
                                                                      category):
    marmalade = make_product("Seville marmalade", "8.50", category=category)
    honey = make_product("Wildflower honey", "12.00", stock=0, category=category)
    curd = make_product("Lemon curd", "6.50", stock=10, category=category)
    post.body = [recipe_block("Breakfast", [(marmalade, 2), (honey, 1, curd)])]
    post.save_revision().publish()

    page = django_app.get(post.url)
    next(f for f in page.forms.values() if f.action == "/shop/recipe/add/").submit()
    order, _ = paid_at_localstripe(django_app, client, stripe, guest_checkout_to_payment_step(django_app, country))

    sold = {line.product_id: (line.quantity, line.attribution.last_page_id, line.attribution.last_block_type)
            for line in order.lines.all()}
    assert sold == {marmalade.pk: (2, post.pk, "recipe"), curd.pk: (1, post.pk, "recipe")}
