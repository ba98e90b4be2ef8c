"""Staff preview the shop at a future moment; shoppers keep seeing today, whatever the caches hold.

Given a promotion starting tomorrow that drives a 20% jam offer and a voucher, a page
revision scheduled for tomorrow, a new page going live tomorrow and a page expiring
tomorrow, with the page cache and shared fragments on: a member of staff who chooses
tomorrow sees tomorrow's pages, promotion and basket prices under a banner marking the
preview, while an anonymous shopper at the same time sees today's, whoever visits first.
Shoppers can't turn a preview on, checkout is closed while previewing, and leaving the
preview brings back the present.
"""
import datetime
import re
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from oscar.core.loading import get_model
from oscar.templatetags.currency_filters import currency
from oscar.test import factories

from content.models import PromotionPage, StandardPage
from tests.cached import visit
from tests.factories import publish

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("caches_on")]

ConditionalOffer = get_model("offer", "ConditionalOffer")

START = (timezone.now() + datetime.timedelta(days=1)).replace(second=0, microsecond=0)
END = START + datetime.timedelta(days=7)
TOMORROW = timezone.localtime(START + datetime.timedelta(hours=1))  # the moment staff preview
BANNER = "the shop as it will be on"
PROMOTION = "Twenty percent off every jam"
BLOCK_BANNER = "Jam week is on: stock up"  # the home page's promotion banner block
SCHEDULED_INTRO = "Now open on Sundays too."
TODAY_INTRO = "Two people and a market stall."


@pytest.fixture
def shop(home, promotions, standard_page, post, products):
    """The promotion (published today, running from tomorrow), a voucher on it, a scheduled
    revision of the about page, a page first going live tomorrow and a post expiring then."""
    jam, marmalade = products[0], products[1]
    jam_range = factories.RangeFactory(name="Jam")
    jam_range.add_product(jam)
    jam_offer = factories.create_offer(name="Jam week 20% off", product_range=jam_range)
    marmalade_range = factories.RangeFactory(name="Marmalade")
    marmalade_range.add_product(marmalade)
    voucher = factories.VoucherFactory(code="JAMWEEK")
    voucher.offers.add(factories.create_offer(name="Marmalade with the code", offer_type=ConditionalOffer.VOUCHER,
                                              product_range=marmalade_range))
    promotion = publish(promotions, PromotionPage(
        title="Jam week", slug="jam-week", banner_text=PROMOTION, starts_at=START, ends_at=END,
        offer=jam_offer, voucher=voucher, products=[{"type": "product", "value": jam.pk}]))
    home.body = [{"type": "promotion_banner", "value": {"promotion": promotion.pk, "text": BLOCK_BANNER}}]
    home.save_revision().publish()

    standard_page.intro = SCHEDULED_INTRO
    standard_page.go_live_at = START
    standard_page.save_revision().publish()  # a future go-live date only schedules it

    new_page = StandardPage(title="Winter opening hours", slug="winter-hours", live=False)
    home.add_child(instance=new_page)
    new_page.go_live_at = START
    new_page.save_revision().publish()

    post.expire_at = START
    post.save_revision().publish()
    return promotion


def choose_moment(client, moment=TOMORROW):
    response = client.post(reverse("preview-moment:choose"),
                           {"date": moment.date().isoformat(), "time": moment.strftime("%H:%M"), "next": "/"})
    assert response.status_code == 302, response.content.decode()
    return client


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def previewing(user, moment=TOMORROW):
    """A browser of `user`'s that chose `moment` through the preview form."""
    return choose_moment(signed_in(user), moment)


def basket_total(client, *products):
    for product in products:
        client.post(reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": 1})
    html = client.get(reverse("basket:summary")).content.decode()
    return html


def money(amount):
    return currency(Decimal(amount), "USD")


def header_total(client):
    return re.search(r'class="site-basket__total">([^<]+)<', client.get("/").content.decode()).group(1)


def assert_today(html):
    assert PROMOTION not in html and BLOCK_BANNER not in html and BANNER not in html


def assert_tomorrow(html):
    assert BANNER in html and PROMOTION in html and BLOCK_BANNER in html


def test_staff_see_tomorrow_and_a_shopper_afterwards_still_sees_today(shop, editor, standard_page, post):
    staff = previewing(editor)
    response = staff.get("/")
    assert response.get("X-Page-Cache") != "hit"
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert_tomorrow(response.content.decode())
    assert PROMOTION in staff.get(shop.url).content.decode()
    assert SCHEDULED_INTRO in staff.get(standard_page.url).content.decode()
    assert "Winter opening hours" in staff.get("/winter-hours/").content.decode()
    assert staff.get(post.url).status_code == 404  # expired by then

    for _ in range(2):  # the first render is kept, the second is served from the cache
        _, html = visit("/")
        assert_today(html)
        _, html = visit(standard_page.url)
        assert TODAY_INTRO in html and SCHEDULED_INTRO not in html and BANNER not in html
    assert visit("/")[0] == "hit"
    assert Client().get(shop.url).status_code == 404
    assert Client().get("/winter-hours/").status_code == 404
    assert visit(post.url)[1].count(post.title) >= 1


def test_a_shopper_first_then_staff_then_the_shopper_again(shop, merchandiser, standard_page):
    visit("/")
    cached, html = visit("/")
    assert cached == "hit"
    assert_today(html)
    visit(standard_page.url)
    assert visit(standard_page.url)[0] == "hit"

    staff = previewing(merchandiser)
    assert_tomorrow(staff.get("/").content.decode())
    html = staff.get(standard_page.url).content.decode()
    assert SCHEDULED_INTRO in html and TODAY_INTRO not in html

    cached, html = visit("/")
    assert cached == "hit"  # the staff visit neither replaced nor forgot the shopper's page
    assert_today(html)
    cached, html = visit(standard_page.url)
    assert cached == "hit" and TODAY_INTRO in html and SCHEDULED_INTRO not in html


def test_staff_pay_tomorrows_prices_while_a_shopper_pays_todays(shop, merchandiser, shopper, products):
    jam, marmalade = products[0], products[1]
    staff = previewing(merchandiser)
    shopper_client = Client()
    shopper_client.force_login(shopper)

    assert money("13.75") in basket_total(shopper_client, jam, marmalade)  # nothing off today
    html = basket_total(staff, jam, marmalade)
    assert money("12.45") in html and BANNER in html  # the jam offer runs tomorrow

    added = staff.post(reverse("basket:vouchers-add"), {"code": "JAMWEEK"}, follow=True).content.decode()
    assert "&#x27;JAMWEEK&#x27; added to" in added  # Oscar's message ("voucher" or, in en-US, "coupon")
    assert money("11.00") in staff.get(reverse("basket:summary")).content.decode()

    refused = shopper_client.post(reverse("basket:vouchers-add"), {"code": "JAMWEEK"}, follow=True).content.decode()
    assert "is not active" in refused
    html = shopper_client.get(reverse("basket:summary")).content.decode()
    assert money("13.75") in html and BANNER not in html


def test_the_header_total_is_worked_out_afresh_while_previewing_and_never_kept(shop, merchandiser, products):
    """The header's basket total is a shared fragment kept per shopper: the preview neither
    reads today's (kept before it) nor leaves tomorrow's behind."""
    client = signed_in(merchandiser)
    basket_total(client, products[0])
    assert header_total(client) == header_total(client) == money("6.50")
    choose_moment(client)
    assert header_total(client) == money("5.20")
    client.post(reverse("preview-moment:leave"), {"next": "/"})
    assert header_total(client) == money("6.50")


@pytest.mark.parametrize("who", ["shopper", None])
def test_a_shopper_cannot_turn_a_preview_on(shop, who, request):
    client = Client()
    if who:
        client.force_login(request.getfixturevalue(who))
    before = dict(client.session.items())
    response = client.post(reverse("preview-moment:choose"),
                           {"date": TOMORROW.date().isoformat(), "time": TOMORROW.strftime("%H:%M"), "next": "/"})
    assert response.status_code == 403
    assert client.get(reverse("preview-moment:choose")).status_code == 403
    assert client.post(reverse("preview-moment:leave")).status_code == 403
    assert "preview_moment" not in client.session and dict(client.session.items()).keys() == before.keys()
    assert_today(client.get("/").content.decode())


def test_checkout_is_closed_while_previewing_and_leaving_brings_back_today(shop, merchandiser, products):
    staff = previewing(merchandiser)
    basket_total(staff, products[0])
    for url in (reverse("checkout:index"), reverse("checkout:preview"), reverse("checkout:payment-details")):
        response = staff.get(url)
        assert response.status_code == 403
        assert "Checkout is closed while you preview" in response.content.decode()
    assert staff.post(reverse("checkout:preview"), {"action": "place_order"}).status_code == 403

    response = staff.post(reverse("preview-moment:leave"), {"next": "/"})
    assert response.status_code == 302 and response["Location"] == "/"
    assert_today(staff.get("/").content.decode())
    assert money("6.50") in staff.get(reverse("basket:summary")).content.decode()
    assert staff.get(reverse("checkout:index")).status_code != 403


def test_the_moment_must_be_a_sensible_future_one(editor):
    client = Client()
    client.force_login(editor)
    yesterday = timezone.localtime() - datetime.timedelta(days=1)
    response = client.post(reverse("preview-moment:choose"),
                           {"date": yesterday.date().isoformat(), "time": "09:00"})
    assert response.status_code == 400 and "Choose a moment in the future" in response.content.decode()
    response = client.post(reverse("preview-moment:choose"), {"date": "next friday", "time": "9"})
    assert response.status_code == 400 and "Enter a valid date" in response.content.decode()
    assert "preview_moment" not in client.session


def test_the_wagtail_admin_offers_the_preview(editor):
    client = Client()
    client.force_login(editor)
    html = client.get("/cms/").content.decode()
    assert reverse("preview-moment:choose") in html
    form = client.get(reverse("preview-moment:choose")).content.decode()
    assert 'name="date"' in form and 'name="time"' in form
