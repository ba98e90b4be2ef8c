"""A promotion in time: hidden before its window, live inside it, 'ended' after; its offer follows the window."""
import datetime
from decimal import Decimal

import pytest
from django.utils import timezone
from freezegun import freeze_time
from oscar.core.loading import get_model
from oscar.test import factories

from content.models import PromotionPage, StandardPage
from tests.factories import publish

ConditionalOffer = get_model("offer", "ConditionalOffer")
Basket = get_model("basket", "Basket")

pytestmark = pytest.mark.django_db

START = datetime.datetime(2026, 10, 1, 9, 0, tzinfo=datetime.UTC)
END = datetime.datetime(2026, 10, 8, 9, 0, tzinfo=datetime.UTC)
BEFORE = START - datetime.timedelta(days=2)
INSIDE = START + datetime.timedelta(days=1)
AFTER = END + datetime.timedelta(hours=1)


@pytest.fixture
def jam_offer(products):
    """20% off jam, created open-ended: the page decides when it runs."""
    jam_range = factories.RangeFactory(name="Jam")
    jam_range.add_product(products[0])
    return factories.create_offer(name="Jam week 20% off", product_range=jam_range,
                                  start=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC),
                                  end=datetime.datetime(2030, 1, 1, tzinfo=datetime.UTC))


@pytest.fixture
def promotion(promotions, jam_offer, products):
    voucher = factories.VoucherFactory(code="JAMWEEK")
    with freeze_time(BEFORE - datetime.timedelta(days=1)):
        page = publish(promotions, PromotionPage(
            title="Jam week", slug="jam-week", banner_text="Twenty percent off every jam", starts_at=START,
            ends_at=END, offer=jam_offer, voucher=voucher, products=[{"type": "product", "value": products[0].pk}]))
    return page


@pytest.fixture
def other_promotion(promotions):
    with freeze_time(BEFORE - datetime.timedelta(days=1)):
        return publish(promotions, PromotionPage(title="Linen sale", slug="linen-sale", banner_text="Linen for less",
                                                 starts_at=START, ends_at=END + datetime.timedelta(days=30)))


def discounted_total(product):
    basket = factories.create_basket(empty=True)
    basket.add_product(product, 1)
    from oscar.apps.offer.applicator import Applicator

    Applicator().apply(basket)
    return basket.total_incl_tax


def test_publishing_the_page_sets_the_offer_and_voucher_to_its_window(promotion, jam_offer):
    jam_offer.refresh_from_db()
    assert (jam_offer.start_datetime, jam_offer.end_datetime) == (START, END)
    assert (promotion.voucher.__class__.objects.get(pk=promotion.voucher_id).start_datetime,
            promotion.voucher.__class__.objects.get(pk=promotion.voucher_id).end_datetime) == (START, END)
    later = END + datetime.timedelta(days=3)
    promotion.ends_at = later
    promotion.save_revision().publish()
    jam_offer.refresh_from_db()
    assert jam_offer.end_datetime == later


def test_a_draft_does_not_move_the_offer(promotion, jam_offer):
    promotion.ends_at = END + datetime.timedelta(days=9)
    promotion.save_revision()  # saved, not published
    jam_offer.refresh_from_db()
    assert jam_offer.end_datetime == END


def test_before_the_window_the_promotion_is_hidden_and_its_offer_inactive(client, home, promotion, jam_offer,
                                                                          products):
    with freeze_time(BEFORE):
        assert client.get(promotion.url).status_code == 404
        assert "Twenty percent off every jam" not in client.get("/").content.decode()
        assert "Jam week" not in client.get("/promotions/").content.decode()
        assert "/promotions/jam-week/" not in client.get("/sitemap.xml").content.decode()
        jam_offer.refresh_from_db()
        assert not jam_offer.is_available()
        assert discounted_total(products[0]) == Decimal("6.50")


def test_inside_the_window_it_shows_everywhere_and_the_offer_applies(client, home, promotion, jam_offer, products):
    with freeze_time(INSIDE):
        html = client.get(promotion.url).content.decode()
        assert "Twenty percent off every jam" in html and "JAMWEEK" in html and "Damson jam" in html
        assert "Twenty percent off every jam" in client.get("/").content.decode()
        assert "Jam week" in client.get("/promotions/").content.decode()
        assert "/promotions/jam-week/" in client.get("/sitemap.xml").content.decode()
        jam_offer.refresh_from_db()
        assert jam_offer.is_available() and jam_offer in ConditionalOffer.active.all()
        assert discounted_total(products[0]) == Decimal("5.20")


def test_after_the_window_the_page_says_it_has_ended_and_links_current_ones(client, home, promotion, other_promotion,
                                                                            jam_offer, products):
    with freeze_time(AFTER):
        response = client.get(promotion.url)
        assert response.status_code == 200
        html = response.content.decode()
        assert "This promotion has ended" in html
        assert f'href="{other_promotion.url}"' in html and "Linen for less" in html
        assert 'action="/shop/basket/add/' not in html  # nothing left to sell at the old price
        assert "Twenty percent off every jam" not in client.get("/").content.decode()
        jam_offer.refresh_from_db()
        assert not jam_offer.is_available()
        assert discounted_total(products[0]) == Decimal("6.50")


def test_editors_can_preview_a_promotion_before_it_starts(editor_client, promotion):
    with freeze_time(BEFORE):
        response = editor_client.get(f"/cms/pages/{promotion.pk}/view_draft/")
        assert response.status_code == 200
        assert "Preview: this promotion starts" in response.content.decode()


def test_an_end_before_the_start_is_refused(promotion):
    from django.core.exceptions import ValidationError

    promotion.ends_at = START - datetime.timedelta(hours=1)
    with pytest.raises(ValidationError) as error:
        promotion.full_clean()
    assert "The promotion must end after it starts." in str(error.value)


def test_scheduled_publishing_runs_from_the_celery_beat_task(client, home, settings):
    from config.celery_app import app
    from content.tasks import publish_scheduled

    entry = settings.CELERY_BEAT_SCHEDULE["publish-scheduled-pages"]
    assert entry["task"] == "content.publish_scheduled" and entry["task"] in app.tasks
    go_live = timezone.now() + datetime.timedelta(hours=2)
    page = StandardPage(title="Winter opening hours", slug="winter-hours", live=False)
    home.add_child(instance=page)
    page.go_live_at = go_live
    page.save_revision().publish()  # with a future go-live date this only schedules it
    assert client.get("/winter-hours/").status_code == 404

    publish_scheduled.delay()
    assert client.get("/winter-hours/").status_code == 404
    with freeze_time(go_live + datetime.timedelta(minutes=1)):
        publish_scheduled.delay()
    assert "Winter opening hours" in client.get("/winter-hours/").content.decode()
