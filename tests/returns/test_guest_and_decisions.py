"""A guest returns through the order look-up; a merchandiser rejects with a note the customer reads.

Given a guest's delivered order, when they look it up at /shop/track/ by number and email,
then they can ask for a return there and print its slip; without that look-up (or after
looking up another order) the return page answers 404. When a merchandiser rejects a
return they must say why; the customer sees the note on their order page and by email,
and the rejected units can be asked for again. RMA numbers run in sequence.
"""
import pytest
from django.core import mail

from commerce.returns.models import ReturnRequest

from .conftest import ask, words

pytestmark = pytest.mark.django_db


def look_up(app, order, email):
    form = app.get("/shop/track/").forms["order_lookup_form"]
    form["order_number"], form["email"] = order.number, email
    return form.submit(expect_errors=True)


def test_a_guest_returns_through_the_order_look_up(django_app, products, delivered, committed):
    order = delivered((products[0], 2), guest_email="grace@example.com")
    assert django_app.get(f"/shop/track/{order.number}/return/", expect_errors=True).status_code == 404

    found = look_up(django_app, order, "Grace@Example.com")
    assert found.html.select_one("#ask-for-return")["href"] == f"/shop/track/{order.number}/return/"
    mail.outbox.clear()
    with committed():
        slip = ask(django_app, order, {"Damson jam": 2}, guest=True, reason="wrong_item", note="Got plum").follow()

    ret = ReturnRequest.objects.get()
    assert (ret.requested_by, ret.reason, ret.note, ret.lines.get().quantity) == (None, "wrong_item", "Got plum", 2)
    assert "RMA-000001" in words(slip) and "Wrong item sent — Got plum" in words(slip)
    [email] = mail.outbox
    assert email.to == ["grace@example.com"] and "RMA-000001" in email.subject
    again = words(look_up(django_app, order, "grace@example.com"))
    assert "RMA-000001: Requested" in again and "Return RMA-000001 requested" in again

    django_app.reset()  # the email's slip link opened in another browser: the look-up first
    sent_to = django_app.get("/shop/returns/RMA-000001/slip/")
    assert sent_to.status_code == 302 and sent_to.location.endswith("/shop/track/")
    assert "look your order up by its number and email address" in words(sent_to.follow())
    look_up(django_app, order, "grace@example.com")
    assert "RMA-000001" in words(django_app.get("/shop/returns/RMA-000001/slip/"))


def test_a_wrong_email_or_another_order_gives_no_access(django_app, products, delivered):
    order = delivered((products[0], 1), guest_email="grace@example.com")
    other = delivered((products[1], 1), guest_email="mallory@example.com")

    assert look_up(django_app, order, "mallory@example.com").status_code == 404
    assert django_app.get(f"/shop/track/{order.number}/return/", expect_errors=True).status_code == 404
    assert look_up(django_app, other, "mallory@example.com").status_code == 200
    assert django_app.get(f"/shop/track/{order.number}/return/", expect_errors=True).status_code == 404
    assert django_app.get(f"/shop/track/{other.number}/return/").status_code == 200


def test_staff_reject_with_a_note_and_the_shopper_sees_it(django_app, shopper, merchandiser, products, delivered,
                                                         committed):
    order = delivered((products[0], 1), user=shopper)
    django_app.set_user(shopper)
    ask(django_app, order, {"Damson jam": 1}, reason="other", note="Lid was loose")
    ret = ReturnRequest.objects.get()
    django_app.set_user(merchandiser)
    page = django_app.get(f"/shop/dashboard/returns/{ret.number}/")
    form = page.forms["return_decision_form"]
    form["decision"] = "reject"

    no_note = form.submit(expect_errors=True)
    assert no_note.status_code == 400
    assert "Say why the return is rejected: the customer reads this note." in words(no_note)
    assert ReturnRequest.objects.get().status == "requested"

    form = django_app.get(f"/shop/dashboard/returns/{ret.number}/").forms["return_decision_form"]
    form["decision"], form["note"] = "reject", "Opened jars can't come back; we have sent a new lid."
    mail.outbox.clear()
    with committed():
        assert form.submit().status_code == 302

    ret.refresh_from_db()
    assert ret.status == "rejected"
    [email] = mail.outbox
    assert email.subject == f"Return RMA-000001 for order {order.number} was not accepted"
    assert "Opened jars can't come back; we have sent a new lid." in email.body
    django_app.set_user(shopper)
    page = words(django_app.get(f"/shop/accounts/orders/{order.number}/"))
    assert "RMA-000001: Rejected" in page
    assert "Our note: Opened jars can't come back; we have sent a new lid." in page
    assert "Return RMA-000001 rejected — Opened jars can't come back" in page
    # A rejected return holds nothing: the jar can be asked for again, under the next number.
    assert ask(django_app, order, {"Damson jam": 1}, reason="damaged").follow().request.path == (
        "/shop/returns/RMA-000002/slip/")


def test_a_step_can_only_follow_the_one_before(django_app, shopper, merchandiser, products, delivered):
    order = delivered((products[0], 1), user=shopper)
    django_app.set_user(shopper)
    ask(django_app, order, {"Damson jam": 1})
    ret = ReturnRequest.objects.get()
    django_app.set_user(merchandiser)
    token = django_app.get(f"/shop/dashboard/returns/{ret.number}/").forms["return_decision_form"][
        "csrfmiddlewaretoken"].value

    early = django_app.post(f"/shop/dashboard/returns/{ret.number}/",
                            params={"action": "refund", "csrfmiddlewaretoken": token}, expect_errors=True)
    assert early.status_code == 400
    assert "Return RMA-000001 is requested: that step can't be taken now." in words(early)
    unknown = django_app.post(f"/shop/dashboard/returns/{ret.number}/",
                              params={"action": "delete", "csrfmiddlewaretoken": token}, expect_errors=True)
    assert unknown.status_code == 400 and "Choose what to do with the return." in words(unknown)
