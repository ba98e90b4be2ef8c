"""Finding due baskets costs one query however many there are; a customer's reminders go with
their data: in the download, and erased with the account.
"""
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from oscar.core.loading import get_model

from basket_reminders.due import due_baskets
from basket_reminders.models import BasketReminder, ReminderConsent
from tests.factories import make_user

from .conftest import hours_later, leave_basket

pytestmark = pytest.mark.django_db

Basket = get_model("basket", "Basket")


def queries_to_find_due(reminders_on):
    with CaptureQueriesContext(connection) as queries:
        found = list(due_baskets(hours_later(5), reminders_on))
    return len(queries), found


def test_finding_due_baskets_is_one_query_for_one_basket_or_many(reminders_on, shopper, products):
    leave_basket(shopper, (products[0], 1))
    one, found = queries_to_find_due(reminders_on)
    assert one == 1 and len(found) == 1

    for n in range(12):
        owner = make_user(f"shopper{n}@example.com", "a-long-password-42") if n % 2 else None
        basket = leave_basket(owner, (products[n % 3], 1 + n % 2))
        if owner is None:
            ReminderConsent.objects.create(basket=basket, email=f"guest{n}@example.com")
    many, found = queries_to_find_due(reminders_on)
    assert many == 1 and len(found) == 13
    assert {b.due_number for b in found} == {1}


def test_a_customers_reminders_are_in_the_download_and_go_with_the_account(reminders_on, run_beat, shopper,
                                                                           shopper_client, password, products):
    leave_basket(shopper, (products[0], 1))
    run_beat(hours_later(4))

    data = json.loads(shopper_client.get("/shop/accounts/my-data/").content)
    assert [(r["reminder"], r["to"]) for r in data["basket_reminders"]] == [(1, "ada@example.com")]

    assert shopper_client.post("/shop/accounts/profile/delete/", {"password": password}).status_code == 302
    assert not BasketReminder.objects.exists()


def test_a_guests_consent_goes_with_the_account_created_from_that_baskets_order(reminders_on, shopper, products):
    from security.account_erasure import erase_customer
    from tests.factories import place_order

    basket = leave_basket(None, (products[0], 1))
    ReminderConsent.objects.create(basket=basket, email="ada@example.com")
    order = place_order((products[0], 1), user=shopper)  # the order adopted from its thank-you page
    type(order).objects.filter(pk=order.pk).update(basket=basket)
    stranger = leave_basket(None, (products[1], 1))
    ReminderConsent.objects.create(basket=stranger, email="ada@example.com")  # typed by someone else

    erase_customer(shopper)

    assert list(ReminderConsent.objects.values_list("basket_id", flat=True)) == [stranger.pk]


def test_beat_runs_the_reminder_task_every_ten_minutes(settings):
    from config.celery_app import app

    app.loader.import_default_modules()
    entry = settings.CELERY_BEAT_SCHEDULE["basket-reminders"]
    assert entry["schedule"] == 600.0 and entry["task"] in app.tasks
