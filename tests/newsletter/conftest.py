"""Newsletters for the tests: subscribers, a newsletter selling products, the staff who send it."""
import pytest
from django.utils import timezone

from newsletter.models import Newsletter, Subscriber
from tests.factories import grid_block, make_user, paragraph, product_block


def subscribe(email, status="subscribed", user=None, tracking=True):
    return Subscriber.objects.create(email=email, status=status, user=user, requested_at=timezone.now(),
                                     tracking=tracking)


def compose(*blocks, title="Autumn in the larder", subject=""):
    """A published newsletter (a revision, as the editor's Publish button makes)."""
    newsletter = Newsletter(title=title, subject=subject, body=list(blocks))
    newsletter.save()
    newsletter.save_revision().publish()
    newsletter.refresh_from_db()
    return newsletter


@pytest.fixture
def newsletter(products):
    return compose(paragraph("<p>New jars are in. <a href=\"/shop/\">See all</a></p>"),
                   product_block(products[0], note="Our best seller"),
                   grid_block("Preserves", products=products[1:]), subject="Jam season")


@pytest.fixture
def marketer(db, password):
    from commerce.accounts.roles import make_marketer

    return make_marketer(make_user("marketing@example.com", password))
