"""Invoice numbers under concurrency: many workers invoicing at once take each number once, in order.

On PostgreSQL (row locks are what this is about; SQLite runs one writer at a time), with
the year's counter not yet created: nine workers start together, six on six orders and
three more on orders another worker is invoicing at that moment (a redelivered webhook,
the reconciliation). Every order ends with one invoice, the numbers are 1 to 6 with no
gap and no repeat, and the extra workers get the invoice that was issued.
"""
import os
import threading

import pytest
from django.db import connection
from django.utils import timezone

from commerce.invoicing.models import Invoice
from commerce.invoicing.numbering import issue_invoice
from tests.factories import place_order

ON_POSTGRESQL = os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))


def test_the_numbering_race_runs_wherever_ci_runs():
    """The race below exists only on PostgreSQL; CI must be on PostgreSQL so it can't vanish there."""
    if os.environ.get("CI"):
        assert ON_POSTGRESQL, "CI must run the suite on PostgreSQL (DATABASE_URL), or the numbering race is not tested"


if ON_POSTGRESQL:
    @pytest.mark.django_db(transaction=True)
    def test_workers_invoicing_at_once_take_each_number_once(products):
        orders = [place_order((products[0], 1), guest_email=f"buyer{n}@example.com") for n in range(6)]
        targets = [*orders, orders[0], orders[0], orders[3]]
        start = threading.Barrier(len(targets))
        numbers, errors = [None] * len(targets), []

        def invoice(i, order):
            try:
                start.wait(timeout=30)
                numbers[i] = issue_invoice(order).number
            except Exception as exc:  # noqa: BLE001  reported by the assertion below
                errors.append(repr(exc))
            finally:
                connection.close()

        threads = [threading.Thread(target=invoice, args=(i, order)) for i, order in enumerate(targets)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)

        assert errors == []
        year = timezone.localdate().year
        assert sorted(numbers[:6]) == [f"INV-{year}-{n:06d}" for n in range(1, 7)]
        assert numbers[6] == numbers[7] == numbers[0] and numbers[8] == numbers[3]
        assert dict(Invoice.objects.values_list("order_id", "number")) == {
            order.pk: number for order, number in zip(orders, numbers, strict=False)}
