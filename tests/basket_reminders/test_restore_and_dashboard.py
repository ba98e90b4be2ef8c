"""The restore link opens only its own basket, and merchandisers run reminders from the dashboard.

Given a reminder sent for Ada's basket, when someone opens its link, then signed out they are
asked to sign in first and, signed in as Ada, see her basket; signed in as anyone else they are
refused without seeing it; a forged or altered link is a 400 and a basket since ordered a clear
page with a link to the shop. A merchandiser sees and changes the settings and the results; a
shopper is refused.
"""
import pytest
from django.test import Client
from oscar.core.loading import get_model

from basket_reminders.links import restore_token
from basket_reminders.models import ReminderSettings
from tests.factories import make_user

from .conftest import hours_later, leave_basket, link_in

pytestmark = pytest.mark.django_db

Basket = get_model("basket", "Basket")


@pytest.fixture
def adas_link(reminders_on, run_beat, shopper, products):
    basket = leave_basket(shopper, (products[0], 1))
    [email] = run_beat(hours_later(4))
    return basket, link_in(email, "/shop/basket/reminded/restore/")


def test_signed_out_the_owners_link_asks_to_sign_in_then_shows_her_basket(adas_link, client, shopper):
    _, link = adas_link
    response = client.get(link)
    assert response.status_code == 302 and response["Location"].startswith("/shop/accounts/login/?next=")

    client.force_login(shopper)
    response = client.get(link, follow=True)
    assert response.redirect_chain[-1][0] == "/shop/basket/"
    assert "Damson jam" in response.content.decode()


def test_another_account_is_refused_the_basket(adas_link, products):
    _, link = adas_link
    mallory = Client()
    mallory.force_login(make_user("mallory@example.com", "another-long-password-1"))

    response = mallory.get(link)

    assert response.status_code == 403
    page = response.content.decode()
    assert "belongs to another account" in page and "Damson jam" not in page and "ada@" not in page
    assert "Damson jam" not in mallory.get("/shop/basket/").content.decode()


@pytest.mark.parametrize("token", ["not-a-token", "forged"])
def test_a_forged_or_altered_link_is_refused(adas_link, client, token):
    basket, link = adas_link
    if token == "forged":  # a link made for another basket by someone without the key
        token = restore_token(basket.pk + 1, 1)[:-3] + "abc"
    altered = link.rsplit("/", 2)[0] + f"/{token}/"

    response = client.get(altered)

    assert response.status_code == 400
    assert "This basket link is not valid" in response.content.decode()


def test_a_basket_since_ordered_gets_a_clear_page_with_a_link_to_the_shop(adas_link, shopper_client):
    basket, link = adas_link
    Basket.objects.filter(pk=basket.pk).update(status=Basket.SUBMITTED)

    response = shopper_client.get(link)

    assert response.status_code == 410
    page = response.content.decode()
    assert "This basket is no longer waiting" in page and 'href="/shop/catalogue/"' in page


def test_the_merchandiser_switches_reminders_on_and_sees_the_results(dashboard, adas_link):
    page = dashboard.get("/shop/dashboard/")
    assert "/shop/dashboard/basket-reminders/" in page.text  # in the dashboard's menu

    page = dashboard.get("/shop/dashboard/basket-reminders/")
    results = page.html.find(id="reminder-results").text
    assert "1 first reminder sent" in results and "0 reminded baskets then ordered" in results

    form = page.forms["reminder-settings-form"]
    form["enabled"] = False
    form["first_after_hours"] = 6
    form["second_after_hours"] = 36
    page = form.submit().follow()

    assert "Basket reminders are off; settings saved." in page.text
    saved = ReminderSettings.current()
    assert (saved.enabled, saved.first_after_hours, saved.second_after_hours) == (False, 6, 36)
    assert saved.changed_by.email == "merch@example.com" and "Last changed by merch@example.com" in page.text


def test_a_bad_setting_is_refused_with_a_message(dashboard, db):
    form = dashboard.get("/shop/dashboard/basket-reminders/").forms["reminder-settings-form"]
    form["first_after_hours"] = 0
    page = form.submit(status=400)
    assert "Ensure this value is greater than or equal to 1" in page.text
    assert ReminderSettings.current().first_after_hours == 4


def test_the_results_count_reminded_baskets_that_were_then_ordered(dashboard, adas_link, shopper, products):
    from freezegun import freeze_time

    from tests.factories import place_order

    with freeze_time(hours_later(6)):
        place_order((products[0], 1), user=shopper)

    results = dashboard.get("/shop/dashboard/basket-reminders/").html.find(id="reminder-results").text
    assert "1 reminded basket then ordered" in results


def test_shoppers_and_visitors_are_refused_the_settings(shopper_client, client, db):
    assert shopper_client.get("/shop/dashboard/basket-reminders/").status_code == 403
    response = Client().get("/shop/dashboard/basket-reminders/")
    assert response.status_code == 302 and "/login/" in response["Location"]
