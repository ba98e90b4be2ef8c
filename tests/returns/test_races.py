"""Returns asked for at the same moment (PostgreSQL row locks; SQLite runs one writer at a time).

Given several delivered orders, when their customers ask for returns at once, then every
return gets its own RMA number and the numbers run 1…n with no gap or repeat. When two
requests race for the last returnable unit of one line, one gets it and the other is told
it is already in a return.
"""
import os
import threading

import pytest
from django.db import connection

from commerce.order.workflow import change_status
from commerce.returns.models import ReturnRequest
from commerce.returns.rules import ReturnRefused
from commerce.returns.steps import request_return
from tests.factories import make_product, place_order

ON_POSTGRESQL = os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))


def delivered_order(product, quantity=1):
    order = place_order((product, quantity))
    for status in ("Processing", "Shipped", "Delivered"):
        order, _ = change_status(order, status, carrier="ups", tracking_number="1Z999AA10123456784")
    return order


def at_once(calls):
    start = threading.Barrier(len(calls))
    outcomes = [None] * len(calls)

    def run(i, call):
        try:
            start.wait(timeout=30)
            outcomes[i] = call()
        except ReturnRefused as exc:
            outcomes[i] = str(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return outcomes


def test_the_race_runs_wherever_ci_runs():
    """The races below exist only on PostgreSQL; CI must be on PostgreSQL so they can't vanish there."""
    if os.environ.get("CI"):
        assert ON_POSTGRESQL, "CI must run the suite on PostgreSQL (DATABASE_URL), or the RMA race is not tested"


if ON_POSTGRESQL:
    @pytest.mark.django_db(transaction=True)
    def test_returns_asked_for_at_once_get_consecutive_rma_numbers():
        jam = make_product("Damson jam", "6.50", stock=50)
        orders = [delivered_order(jam) for _ in range(6)]
        calls = [lambda o=o: request_return(o, {o.lines.get().pk: 1}, "damaged") for o in orders]

        outcomes = at_once(calls)

        assert all(isinstance(o, ReturnRequest) for o in outcomes), outcomes
        assert sorted(ReturnRequest.objects.values_list("number", flat=True)) == [1, 2, 3, 4, 5, 6]

    @pytest.mark.django_db(transaction=True)
    def test_two_requests_for_the_last_unit_give_it_once():
        order = delivered_order(make_product("Damson jam", "6.50", stock=50))
        line = order.lines.get()

        outcomes = at_once([lambda: request_return(order, {line.pk: 1}, "damaged")] * 2)

        assert sum(isinstance(o, ReturnRequest) for o in outcomes) == 1, outcomes
        assert f"Everything in order {order.number} has already been returned or is in a return." in outcomes
        assert ReturnRequest.objects.count() == 1
