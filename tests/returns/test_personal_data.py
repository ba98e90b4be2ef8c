"""A customer's returns are in their data download, and deleting the account keeps them without the person.

Given a shopper who asked for a return with a note, when they download their data, then it
lists the return with its note; when they delete their account, the return stays with the
order for the accounts, unlinked from them and without their note.
"""
import json

import pytest

from commerce.returns.models import ReturnRequest, ReturnStep
from security.account_erasure import erase_customer

from .conftest import ask

pytestmark = pytest.mark.django_db


def test_returns_are_exported_and_anonymised_with_the_account(django_app, client, shopper, products, delivered):
    order = delivered((products[0], 1), user=shopper)
    django_app.set_user(shopper)
    ask(django_app, order, {"Damson jam": 1}, reason="other", note="Call me on 555 0100")
    client.force_login(shopper)

    [exported] = json.loads(client.get("/shop/accounts/my-data/").content)["returns"]
    assert (exported["rma"], exported["order"], exported["note"]) == ("RMA-000001", order.number,
                                                                      "Call me on 555 0100")
    assert exported["lines"] == [{"product": "Damson jam", "quantity": 1}]

    erase_customer(shopper)

    ret = ReturnRequest.objects.get()
    assert (ret.requested_by, ret.note, ret.lines.get().quantity) == (None, "", 1)
    assert ReturnStep.objects.get(status="requested").by is None
