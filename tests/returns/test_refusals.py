"""What can't be returned is refused with a sentence saying why, never a server error.

Given delivered orders, when a shopper asks outside the return window, for more than they
bought, for what an earlier return already holds, for an order not yet delivered, without
a reason or without any item, then the page answers 400 with the reason and no return is
made; someone else's order (or its slip) answers 404, and the dashboard is for staff only.
"""
import datetime as dt

import pytest
from django.utils import timezone

from commerce.order.workflow import change_status
from commerce.returns.models import ReturnRequest
from tests.factories import make_user, place_order

from .conftest import ask, words

pytestmark = pytest.mark.django_db


def post_form(app, form, **values):
    """Submit `form` with `values` set, disabled fields included (what a tampered form sends)."""
    fields = [(name, value) for name, value in form.submit_fields() if name not in values]
    return app.post(form.action or form.response.request.path, params=fields + list(values.items()),
                    expect_errors=True)


def error_text(response):
    return " ".join(response.html.select_one("#return-errors, #return-refused").get_text().split())


def test_outside_the_window_is_refused(django_app, shopper, products, delivered, settings):
    settings.RETURN_WINDOW_DAYS = 30
    order = delivered((products[0], 1), user=shopper)
    order.status_changes.filter(new_status="Delivered").update(date_created=timezone.now() - dt.timedelta(days=31))
    django_app.set_user(shopper)

    response = django_app.get(f"/shop/accounts/orders/{order.number}/return/", expect_errors=True)

    assert response.status_code == 400
    assert error_text(response).startswith(
        f"Returns are accepted for 30 days after delivery: the window for order {order.number} closed on")
    assert "Return items" not in words(django_app.get(f"/shop/accounts/orders/{order.number}/"))


def test_inside_a_longer_window_the_same_order_can_be_returned(django_app, shopper, products, delivered, settings):
    settings.RETURN_WINDOW_DAYS = 45
    order = delivered((products[0], 1), user=shopper)
    order.status_changes.filter(new_status="Delivered").update(date_created=timezone.now() - dt.timedelta(days=31))
    django_app.set_user(shopper)

    assert ask(django_app, order, {"Damson jam": 1}).status_code == 302


def test_more_than_was_bought_is_refused(django_app, shopper, products, delivered):
    order = delivered((products[0], 2), user=shopper)
    django_app.set_user(shopper)

    response = ask(django_app, order, {"Damson jam": 3}, expect_errors=True)

    assert response.status_code == 400
    assert error_text(response) == "You bought 2 of “Damson jam”: you can return at most 2."
    assert not ReturnRequest.objects.exists()


def test_units_already_in_a_return_count_against_what_was_bought(django_app, shopper, products, delivered):
    order = delivered((products[0], 2), (products[1], 1), user=shopper)
    django_app.set_user(shopper)
    assert ask(django_app, order, {"Damson jam": 1, "Seville marmalade": 1}).status_code == 302

    too_many = ask(django_app, order, {"Damson jam": 2}, expect_errors=True)
    assert too_many.status_code == 400
    assert error_text(too_many) == ("You bought 2 of “Damson jam”, and 1 already in a return: "
                                    "you can return at most 1.")

    form = django_app.get(f"/shop/accounts/orders/{order.number}/return/").forms["return_request_form"]
    marmalade = order.lines.get(title="Seville marmalade")
    again = post_form(django_app, form, **{f"qty_{marmalade.pk}": "1", "reason": "damaged"})
    assert again.status_code == 400
    assert error_text(again) == "“Seville marmalade” has already been returned (or is in a return) in full."
    assert ReturnRequest.objects.count() == 1

    assert ask(django_app, order, {"Damson jam": 1}).status_code == 302  # the one unit left
    everything = django_app.get(f"/shop/accounts/orders/{order.number}/return/", expect_errors=True)
    assert everything.status_code == 400
    assert error_text(everything) == (f"Everything in order {order.number} has already been returned "
                                      "or is in a return.")


def test_an_order_not_yet_delivered_is_refused(django_app, shopper, products, merchandiser):
    order = place_order((products[0], 1), user=shopper)
    order, _ = change_status(order, "Processing", by=merchandiser)
    order, _ = change_status(order, "Shipped", by=merchandiser, carrier="ups", tracking_number="1Z999AA10123456784")
    django_app.set_user(shopper)

    response = django_app.get(f"/shop/accounts/orders/{order.number}/return/", expect_errors=True)

    assert response.status_code == 400
    assert error_text(response) == (f"Order {order.number} hasn't been delivered yet (Shipped): "
                                    "you can ask for a return once it has arrived.")
    assert "Return items" not in words(django_app.get(f"/shop/accounts/orders/{order.number}/"))


def test_a_reason_and_an_item_are_needed_and_quantities_are_whole_numbers(django_app, shopper, products, delivered):
    order = delivered((products[0], 2), user=shopper)
    line = order.lines.get()
    django_app.set_user(shopper)
    form = django_app.get(f"/shop/accounts/orders/{order.number}/return/").forms["return_request_form"]

    no_reason = post_form(django_app, form, **{f"qty_{line.pk}": "1", "reason": ""})
    no_item = post_form(django_app, form, **{f"qty_{line.pk}": "0", "reason": "other"})
    not_a_number = post_form(django_app, form, **{f"qty_{line.pk}": "two", "reason": "other"})
    not_a_reason = post_form(django_app, form, **{f"qty_{line.pk}": "1", "reason": "free-money"})

    assert {r.status_code for r in (no_reason, no_item, not_a_number, not_a_reason)} == {400}
    assert "Choose a reason for the return." in words(no_reason)
    assert error_text(no_item) == "Choose at least one item and how many of it to return."
    assert "Enter how many of “Damson jam” to return as a whole number." in words(not_a_number)
    assert "Choose a reason for the return from the list." in words(not_a_reason)
    assert not ReturnRequest.objects.exists()


def test_another_shoppers_order_and_slip_answer_404(django_app, shopper, password, products, delivered):
    order = delivered((products[0], 1), user=shopper)
    django_app.set_user(shopper)
    ask(django_app, order, {"Damson jam": 1})
    mallory = make_user("mallory@example.com", password)
    django_app.set_user(mallory)

    assert django_app.get(f"/shop/accounts/orders/{order.number}/return/", expect_errors=True).status_code == 404
    token = django_app.get("/shop/track/").forms["order_lookup_form"]["csrfmiddlewaretoken"].value
    line = order.lines.get()
    posted = django_app.post(f"/shop/accounts/orders/{order.number}/return/",
                             params={f"qty_{line.pk}": "1", "reason": "damaged", "csrfmiddlewaretoken": token},
                             expect_errors=True)
    assert posted.status_code == 404
    assert django_app.get(f"/shop/track/{order.number}/return/", expect_errors=True).status_code == 404
    assert django_app.get("/shop/returns/RMA-000001/slip/", expect_errors=True).status_code == 404
    assert ReturnRequest.objects.count() == 1


def test_the_dashboard_returns_pages_are_for_merchandisers(django_app, shopper, products, delivered, merchandiser):
    order = delivered((products[0], 1), user=shopper)
    django_app.set_user(shopper)
    ask(django_app, order, {"Damson jam": 1})

    assert django_app.get("/shop/dashboard/returns/", expect_errors=True).status_code == 403
    assert django_app.get("/shop/dashboard/returns/1/", expect_errors=True).status_code == 403
    django_app.set_user(merchandiser)
    listing = django_app.get("/shop/dashboard/returns/")
    assert "RMA-000001" in words(listing) and "Returns" in words(listing)
