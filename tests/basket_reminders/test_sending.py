"""Basket reminders: when they go, to whom, what they say, and what stops them.

Given reminders switched on (first after 4 idle hours, second 24 hours after the first),
when beat runs as time passes, then an idle basket gets two reminders and no more; an
order, an emptied basket or an opt-out through the email's own link stops the next one;
a basket with nothing left to buy, a guest who didn't tick the box, or a shop that hasn't
switched reminders on gets nothing; the email shows today's prices; and running the task
again (or twice at once) never queues a reminder twice.
"""
import re
from decimal import Decimal

import pytest
from django.test import Client
from freezegun import freeze_time
from oscar.core.loading import get_model

from basket_reminders.models import BasketReminder, ReminderConsent, ReminderSettings
from basket_reminders.sending import remind
from outbox.models import OutgoingEmail
from tests.checkout_steps import add_to_basket
from tests.factories import place_order

from .conftest import LEFT_AT, hours_later, leave_basket, link_in

pytestmark = pytest.mark.django_db

Basket = get_model("basket", "Basket")
CommunicationEventType = get_model("communication", "CommunicationEventType")


def test_an_idle_basket_is_reminded_twice_and_never_a_third_time(reminders_on, run_beat, shopper, products):
    leave_basket(shopper, (products[0], 2))

    assert run_beat(hours_later(3, 50)) == []  # not idle long enough yet
    [first] = run_beat(hours_later(4))
    assert first.to == ["ada@example.com"]
    assert first.subject == "You left something in your Larder & Loom basket"
    assert "Hello Ada," in first.body and "Damson jam - quantity: 2 - $13.00" in first.body
    assert "/shop/basket/reminded/restore/" in first.body
    unsubscribe = re.search(r"No more basket reminders, in one click: (\S+)", first.body).group(1)
    assert first.extra_headers["List-Unsubscribe"] == f"<{unsubscribe}>"
    assert first.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "/newsletter/preferences/" in first.body
    html = first.alternatives[0][0]
    assert "Damson jam" in html and "Back to my basket" in html and "No more basket reminders" in html

    assert run_beat(hours_later(4 + 23)) == []  # the second waits 24 hours after the first
    [second] = run_beat(hours_later(4 + 24, 2))
    assert second.subject == "Still thinking it over? Your Larder & Loom basket is saved"

    assert run_beat(hours_later(24 * 6)) == []
    assert BasketReminder.objects.count() == 2


def test_an_order_after_the_first_reminder_stops_the_second(reminders_on, run_beat, shopper, products):
    leave_basket(shopper, (products[0], 1))
    assert len(run_beat(hours_later(4))) == 1

    with freeze_time(hours_later(10)):
        place_order((products[1], 1), user=shopper)  # ordered from another device's basket

    assert run_beat(hours_later(4 + 24, 2)) == []


def test_a_basket_that_became_an_order_is_not_reminded_again(reminders_on, run_beat, shopper, products):
    basket = leave_basket(shopper, (products[0], 1))
    assert len(run_beat(hours_later(4))) == 1
    Basket.objects.filter(pk=basket.pk).update(status=Basket.SUBMITTED)

    assert run_beat(hours_later(4 + 24, 2)) == []


def test_a_frozen_basket_is_never_reminded(reminders_on, run_beat, shopper, products):
    basket = leave_basket(shopper, (products[0], 1))
    Basket.objects.filter(pk=basket.pk).update(status=Basket.FROZEN)  # payment in progress

    assert run_beat(hours_later(5)) == []


def test_emptying_the_basket_stops_the_reminders(reminders_on, run_beat, shopper, products):
    basket = leave_basket(shopper, (products[0], 1))
    assert len(run_beat(hours_later(4))) == 1
    basket.flush()

    assert run_beat(hours_later(4 + 24, 2)) == []


def test_opting_out_by_the_emails_one_click_link_stops_the_next_reminder_at_once(reminders_on, run_beat, shopper,
                                                                              products, client):
    leave_basket(shopper, (products[0], 1))
    [first] = run_beat(hours_later(4))

    response = client.post(link_in(first, "/newsletter/unsubscribe/"))  # what a mail client's button sends
    assert response.status_code == 200

    assert run_beat(hours_later(4 + 24, 2)) == []


def test_a_basket_with_nothing_left_to_buy_gets_no_reminder(reminders_on, run_beat, shopper, products):
    leave_basket(shopper, (products[2], 1))
    products[2].stockrecords.update(num_in_stock=0)  # the quince paste sold out meanwhile

    assert run_beat(hours_later(5)) == []
    assert not BasketReminder.objects.exists()


def test_a_withdrawn_product_is_shown_as_unavailable_beside_what_can_still_be_bought(reminders_on, run_beat,
                                                                                  shopper, products):
    leave_basket(shopper, (products[0], 1), (products[2], 1))
    products[2].stockrecords.update(num_in_stock=0)

    [email] = run_beat(hours_later(5))
    assert "Quince paste - quantity: 1 - no longer available" in email.body
    assert "Total: $6.50" in email.body


def test_the_email_shows_todays_prices_not_those_when_the_basket_was_left(reminders_on, run_beat, shopper, products):
    leave_basket(shopper, (products[1], 2))
    products[1].stockrecords.update(price=Decimal("5.00"))  # marmalade on offer since

    [email] = run_beat(hours_later(4))
    assert "Seville marmalade - quantity: 2 - $10.00" in email.body and "$14.50" not in email.body
    assert "$10.00" in email.alternatives[0][0]


def test_running_the_task_again_or_twice_at_once_queues_nothing_twice(reminders_on, run_beat, shopper, products,
                                                                       committed):
    basket = leave_basket(shopper, (products[0], 1))
    assert len(run_beat(hours_later(4))) == 1
    assert run_beat(hours_later(4, 5)) == []  # the next beat

    # A second worker that found the same basket due before the first worker wrote its row.
    with freeze_time(hours_later(4)), committed():
        assert remind(Basket.objects.get(pk=basket.pk), 1, hours_later(4)) is None
    assert OutgoingEmail.objects.filter(kind="BASKET_REMINDER").count() == 1
    assert BasketReminder.objects.get().outbox_key == f"basket-reminder:{basket.pk}:1"


def test_nothing_is_sent_until_a_merchandiser_switches_reminders_on(run_beat, shopper, products):
    assert ReminderSettings.current().enabled is False
    leave_basket(shopper, (products[0], 1))

    assert run_beat(hours_later(5)) == []


def test_quiet_hours_hold_reminders_until_they_end(reminders_on, run_beat, shopper, products):
    import datetime as dt

    from reports.periods import shop_tz

    reminders_on.quiet_from, reminders_on.quiet_until = dt.time(21, 0), dt.time(8, 0)  # shop time
    reminders_on.save()
    day = LEFT_AT.astimezone(shop_tz()).date()
    at = lambda days, hour, minute: dt.datetime.combine(day + dt.timedelta(days=days), dt.time(hour, minute),  # noqa: E731
                                                        tzinfo=shop_tz())
    leave_basket(shopper, (products[0], 1), at=at(0, 17, 0))

    assert run_beat(at(0, 21, 1)) == []  # due, but in the quiet hours
    assert run_beat(at(1, 7, 55)) == []
    assert len(run_beat(at(1, 8, 1))) == 1


def test_the_wording_is_the_merchandisers_editable_email(reminders_on, run_beat, shopper, products):
    event_type = CommunicationEventType.objects.get(code="BASKET_REMINDER")
    event_type.email_subject_template = "Your basket misses you, {{ customer_name }}"
    event_type.save()
    leave_basket(shopper, (products[0], 1))

    [email] = run_beat(hours_later(4))
    assert email.subject == "Your basket misses you, Ada"


# Guests ----------------------------------------------------------------------------------

def guest_gives_email(app, product, *, tick):
    add_to_basket(app, product)
    page = app.get("/shop/checkout/")
    assert "Email me a reminder if I leave my basket" in page.text
    form = page.forms[0]
    assert form["remind_me"].checked is False  # unticked unless the guest ticks it
    form["username"] = "grace@example.com"
    form["options"] = "anonymous"
    form["remind_me"] = tick
    return form.submit().maybe_follow()


def test_a_guest_who_did_not_tick_the_box_is_never_reminded(reminders_on, run_beat, django_app, products):
    with freeze_time(LEFT_AT):
        guest_gives_email(django_app, products[0], tick=False)

    assert not ReminderConsent.objects.exists()
    assert run_beat(hours_later(5)) == []


def test_a_guest_who_ticked_the_box_is_reminded_at_the_address_given(reminders_on, run_beat, django_app, products):
    with freeze_time(LEFT_AT):
        guest_gives_email(django_app, products[0], tick=True)

    [email] = run_beat(hours_later(5))
    assert email.to == ["grace@example.com"] and "Hello," in email.body
    assert "Damson jam - quantity: 1 - $6.50" in email.body
    consent = ReminderConsent.objects.get()
    assert consent.email == "grace@example.com" and consent.basket.owner is None


def test_a_guest_who_orders_with_that_address_is_not_reminded(reminders_on, run_beat, django_app, products):
    with freeze_time(LEFT_AT):
        guest_gives_email(django_app, products[0], tick=True)
    with freeze_time(hours_later(1)):
        place_order((products[1], 1), guest_email="Grace@example.com")

    assert run_beat(hours_later(5)) == []


def test_the_restore_link_works_in_a_new_browser(reminders_on, run_beat, django_app, products):
    with freeze_time(LEFT_AT):
        guest_gives_email(django_app, products[0], tick=True)
    [email] = run_beat(hours_later(5))

    phone = Client()  # another device, whose own basket holds marmalade
    phone.post(f"/shop/basket/add/{products[1].pk}/", {"quantity": 1})
    response = phone.get(link_in(email, "/shop/basket/reminded/restore/"))

    assert response.status_code == 302 and response["Location"] == "/shop/basket/"
    page = phone.get("/shop/basket/").content.decode()
    assert "Damson jam" in page and "Seville marmalade" in page  # merged, nothing lost
    assert "Here is the basket you left" in page


def test_a_guests_link_opened_signed_in_joins_that_accounts_basket(reminders_on, run_beat, django_app, products,
                                                                   shopper_client):
    with freeze_time(LEFT_AT):
        guest_gives_email(django_app, products[0], tick=True)
    [email] = run_beat(hours_later(5))

    response = shopper_client.get(link_in(email, "/shop/basket/reminded/restore/"), follow=True)

    assert response.redirect_chain[-1][0] == "/shop/basket/"
    assert "Damson jam" in response.content.decode()


def test_removing_a_line_counts_as_a_change_to_the_basket(reminders_on, run_beat, django_app, shopper, products):
    leave_basket(shopper, (products[0], 1), (products[1], 1))
    django_app.set_user(shopper)
    with freeze_time(hours_later(3)):
        form = django_app.get("/shop/basket/").forms["basket_formset"]
        form["form-1-quantity"] = 0  # the marmalade taken out
        form.submit()

    assert run_beat(hours_later(4, 5)) == []  # an hour after the change, not four
    [email] = run_beat(hours_later(7, 5))
    assert "Damson jam" in email.body and "Seville marmalade" not in email.body
