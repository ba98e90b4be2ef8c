"""Account and stock emails: each one's trigger, recipient and content, all through the outbox.

Given shoppers and staff, when someone registers, changes their email or password, asks
for a password reset, waits for a product to come back in stock, or stock falls below its
threshold, then the right person gets the right email (plain text and HTML), queued in
the outbox and delivered after commit.
"""
import re

import pytest
from django.core import mail
from oscar.core.loading import get_model

from outbox.models import OutgoingEmail
from tests.factories import make_product, place_order

ProductAlert = get_model("customer", "ProductAlert")

pytestmark = pytest.mark.django_db


def only_email():
    [email] = mail.outbox
    assert email.alternatives and email.alternatives[0][1] == "text/html"
    return email


def test_registering_sends_a_welcome(client, password, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/shop/accounts/login/", {
            "registration-email": "lin@example.com", "registration-password1": password,
            "registration-password2": password, "registration_submit": "Register"})
    assert response.status_code == 302

    email = only_email()
    assert email.to == ["lin@example.com"]
    assert email.subject.startswith("Welcome to")
    assert "Your account is ready: sign in with lin@example.com" in email.body
    assert OutgoingEmail.objects.get().kind == "REGISTRATION"


def test_changing_the_email_address_tells_the_old_and_the_new_address(shopper_client, shopper,
                                                                       django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = shopper_client.post("/shop/accounts/profile/edit/", {
            "email": "ada.new@example.com", "first_name": "Ada", "last_name": "Lovelace"})
    assert response.status_code == 302

    by_address = {m.to[0]: m for m in mail.outbox}
    assert set(by_address) == {"ada@example.com", "ada.new@example.com"}
    for email in by_address.values():
        assert "changed from ada@example.com to ada.new@example.com" in email.body
        assert "/shop/password-reset/" in email.body
    assert OutgoingEmail.objects.filter(kind="EMAIL_CHANGED").count() == 2


def test_changing_the_password_is_confirmed_by_email(shopper_client, shopper, password,
                                                     django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = shopper_client.post("/shop/accounts/change-password/", {
            "old_password": password, "new_password1": "another-long-phrase-77",
            "new_password2": "another-long-phrase-77"})
    assert response.status_code == 302

    email = only_email()
    assert email.to == [shopper.email]
    assert "password" in email.subject.lower()
    assert "/shop/password-reset/" in email.body


def test_password_reset_email_carries_a_working_link(client, shopper, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/shop/password-reset/", {"email": shopper.email})

    email = only_email()
    assert email.to == [shopper.email]
    link = re.search(r"https?://[^/\s]+(/shop/password-reset/confirm/\S+/)", email.body).group(1)
    assert client.get(link, follow=True).status_code == 200
    assert "password" in client.get(link, follow=True).content.decode().lower()


def test_back_in_stock_alert_emails_who_asked(shopper, django_capture_on_commit_callbacks):
    product = make_product("Quince paste", "9.00", stock=0)
    ProductAlert.objects.create(product=product, user=shopper, status=ProductAlert.ACTIVE)
    record = product.stockrecords.get()

    with django_capture_on_commit_callbacks(execute=True):
        record.num_in_stock = 12
        record.save()

    email = only_email()
    assert email.to == [shopper.email]
    assert email.subject == "Quince paste is back in stock"
    assert product.get_absolute_url() in email.body
    assert ProductAlert.objects.get().status == ProductAlert.CLOSED


def test_low_stock_alerts_the_staff_who_manage_stock(merchandiser, shopper, django_capture_on_commit_callbacks):
    product = make_product("Seville marmalade", "7.25", stock=6)
    record = product.stockrecords.get()
    record.low_stock_threshold = 5
    record.save()

    with django_capture_on_commit_callbacks(execute=True):
        place_order((product, 2))  # 4 left: below the threshold
        place_order((product, 1))  # still low: the open alert isn't repeated

    [email] = [m for m in mail.outbox if "Low stock" in m.subject]
    assert email.to == [merchandiser.email]
    assert email.subject == "Low stock: Seville marmalade (4 left)"
    assert "below its threshold of 5" in email.body
    assert f"/shop/dashboard/catalogue/products/{product.pk}/" in email.body
    assert not [m for m in mail.outbox if shopper.email in m.to]
