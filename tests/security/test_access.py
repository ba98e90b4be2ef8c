"""Access control, object by object: another customer's things (orders, addresses, wish lists,
baskets, alerts) are 404s, never a hint that they exist, and anonymous visitors are sent to
log in; each dashboard section needs its own permission, not just "is staff"."""
import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from oscar.apps.partner.strategy import Default
from oscar.core.loading import get_model

from commerce.accounts.roles import make_editor, merchandiser_permissions
from reports.models import ReportRun
from tests.factories import place_order

pytestmark = pytest.mark.django_db
User = get_user_model()
WishList = get_model("wishlists", "WishList")
Notification = get_model("communication", "Notification")
Email = get_model("communication", "Email")
ProductAlert = get_model("customer", "ProductAlert")
Basket = get_model("basket", "Basket")
UserAddress = get_model("address", "UserAddress")


@pytest.fixture
def stranger(password):
    return User.objects.create_user(email="mallory@example.com", password=password)


@pytest.fixture
def strangers_order(stranger, products):
    return place_order((products[0], 1), user=stranger)


@pytest.fixture
def strangers_address(stranger, country):
    return UserAddress.objects.create(
        user=stranger, first_name="Mal", last_name="Lory", line1="1 Secret St", line4="Hidden",
        state="NY", postcode="10001", country=country,
    )


def test_another_shoppers_order_is_not_visible(shopper_client, strangers_order):
    number = str(strangers_order.number)
    assert shopper_client.get(f"/shop/accounts/orders/{number}/").status_code == 404
    history = shopper_client.get("/shop/accounts/orders/").content.decode()
    assert number not in history
    line = strangers_order.lines.get()
    assert shopper_client.get(f"/shop/accounts/orders/{number}/{line.pk}/").status_code == 404


def test_another_shoppers_order_cannot_be_reordered(shopper_client, strangers_order):
    line = strangers_order.lines.get()
    response = shopper_client.post(f"/shop/accounts/orders/{strangers_order.number}/",
                                   {"order_id": strangers_order.pk, "action": "reorder"})
    assert response.status_code == 404
    response = shopper_client.post(f"/shop/accounts/orders/{strangers_order.number}/{line.pk}/",
                                   {"action": "reorder"})
    assert response.status_code == 404


def test_another_shoppers_address_is_not_visible_or_editable(shopper_client, strangers_address):
    pk = strangers_address.pk
    assert "1 Secret St" not in shopper_client.get("/shop/accounts/addresses/").content.decode()
    assert shopper_client.get(f"/shop/accounts/addresses/{pk}/").status_code == 404
    response = shopper_client.post(f"/shop/accounts/addresses/{pk}/", {
        "first_name": "Hacked", "last_name": "X", "line1": "x", "line4": "y", "postcode": "1", "state": "NY",
    })
    assert response.status_code == 404
    assert shopper_client.post(f"/shop/accounts/addresses/{pk}/delete/").status_code == 404
    assert shopper_client.post(f"/shop/accounts/addresses/{pk}/default_for_shipping/").status_code == 404
    strangers_address.refresh_from_db()
    assert strangers_address.first_name == "Mal"


@pytest.mark.parametrize("address_id", ["theirs", "abc", "-1", "999999"])
def test_another_shoppers_address_cannot_be_used_at_checkout(shopper_client, strangers_address, products, address_id):
    shopper_client.post(f"/shop/basket/add/{products[0].pk}/", {"quantity": 1})
    address_id = strangers_address.pk if address_id == "theirs" else address_id
    response = shopper_client.post("/shop/checkout/shipping-address/", {"action": "ship_to", "address_id": address_id})
    assert response.status_code == 404


def test_anonymous_visitors_are_sent_to_login(client, strangers_order):
    response = client.get(f"/shop/accounts/orders/{strangers_order.number}/")
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_another_customers_private_wish_list_is_a_404(shopper_client, stranger, products):
    wishlist = WishList.objects.create(owner=stranger, name="Birthday", visibility=WishList.PRIVATE)
    line = wishlist.lines.create(product=products[0], title=products[0].title)
    key = wishlist.key
    for url in [f"/shop/accounts/wishlists/{key}/", f"/shop/wishlists/{key}/",
                f"/shop/accounts/wishlists/{key}/update/", f"/shop/accounts/wishlists/{key}/delete/"]:
        assert shopper_client.get(url).status_code == 404, url
    assert shopper_client.post(f"/shop/accounts/wishlists/{key}/delete/").status_code == 404
    assert shopper_client.post(f"/shop/accounts/wishlists/{key}/lines/{line.pk}/delete/").status_code == 404
    assert WishList.objects.filter(pk=wishlist.pk).exists() and wishlist.lines.count() == 1


def test_another_customers_notifications_emails_and_alerts_are_404s(shopper_client, stranger, products):
    note = Notification.objects.create(recipient=stranger, subject="Your refund")
    email = Email.objects.create(user=stranger, email=stranger.email, subject="Order 1", body_text="secret")
    alert = ProductAlert.objects.create(user=stranger, product=products[0])
    assert shopper_client.get(f"/shop/accounts/notifications/{note.pk}/").status_code == 404
    assert shopper_client.get(f"/shop/accounts/emails/{email.pk}/").status_code == 404
    assert shopper_client.post(f"/shop/accounts/alerts/cancel/{alert.pk}/").status_code == 404
    alert.refresh_from_db()
    assert alert.status == ProductAlert.ACTIVE


def test_another_customers_basket_lines_cannot_be_changed_from_mine(shopper_client, stranger, products):
    theirs = Basket.objects.create(owner=stranger)
    theirs.strategy = Default()
    theirs.add_product(products[0], 3)
    their_line = theirs.lines.get()
    shopper_client.post(f"/shop/basket/add/{products[1].pk}/", {"quantity": 1})
    response = shopper_client.post("/shop/basket/", {
        "form-TOTAL_FORMS": 1, "form-INITIAL_FORMS": 1, "form-MIN_NUM_FORMS": 0, "form-MAX_NUM_FORMS": 1000,
        "form-0-id": their_line.pk, "form-0-quantity": 0, "form-0-save_for_later": "",
    })
    assert response.status_code in (200, 302, 400)
    their_line.refresh_from_db()
    assert their_line.quantity == 3


def test_a_guest_order_link_with_a_forged_hash_shows_nothing_even_with_the_right_email(client, products):
    order = place_order((products[0], 1), guest_email="guest@example.com")
    forged = f"/shop/accounts/order-status-form/{order.number}/{order.number}:forged/"
    response = client.post(forged, {"email": "guest@example.com"})
    assert response.status_code == 200 and "Order not found" in response.content.decode()
    assert products[0].title not in response.content.decode()
    page = client.get(f"/shop/accounts/order-status/{order.number}/{order.number}:forged/", follow=True)
    assert products[0].title not in page.content.decode()


def test_order_tracking_answers_a_wrong_email_like_a_missing_order(client, strangers_order):
    wrong = client.post("/shop/track/", {"order_number": strangers_order.number, "email": "ada@example.com"})
    missing = client.post("/shop/track/", {"order_number": "999999", "email": "ada@example.com"})
    assert wrong.status_code == missing.status_code == 404
    number = str(strangers_order.number)
    assert number not in wrong.content.decode().replace(f'value="{number}"', "")


@pytest.fixture
def finished_run(merchandiser):
    run = ReportRun.objects.create(kind=ReportRun.Kind.SALES, date_from="2026-01-01", date_to="2026-01-31",
                                   requested_by=merchandiser, status=ReportRun.Status.DONE)
    return run


def test_report_runs_of_other_staff_are_404s_without_the_see_all_permission(client, finished_run, password):
    colleague = User.objects.create_user(email="temp@example.com", password=password)
    colleague.is_staff = True
    colleague.save()
    colleague.user_permissions.add(*Permission.objects.filter(content_type__app_label="reports",
                                                             codename__in=["view_reportrun", "add_reportrun"]))
    client.force_login(colleague)
    for url in [f"/shop/dashboard/insights/runs/{finished_run.pk}/",
                f"/shop/dashboard/insights/runs/{finished_run.pk}/status/",
                f"/shop/dashboard/insights/runs/{finished_run.pk}/report.csv",
                f"/shop/dashboard/insights/runs/{finished_run.pk}/report.xlsx"]:
        assert client.get(url).status_code == 404, url


def test_customers_cannot_reach_report_downloads(shopper_client, finished_run):
    response = shopper_client.get(f"/shop/dashboard/insights/runs/{finished_run.pk}/report.csv")
    assert response.status_code in (302, 403) and b"Date" not in response.content


# Each dashboard section and the apps whose permissions open it.
SECTIONS = {
    "/shop/dashboard/catalogue/": ["catalogue", "partner"],
    "/shop/dashboard/catalogue/product-types/": ["catalogue"],
    "/shop/dashboard/catalogue/categories/": ["catalogue"],
    "/shop/dashboard/catalogue/stock-alerts/": ["partner"],
    "/shop/dashboard/catalogue/option/": ["catalogue"],
    "/shop/dashboard/catalogue/attribute-option-group/": ["catalogue"],
    "/shop/dashboard/ranges/": ["offer"],
    "/shop/dashboard/orders/": ["order", "partner"],  # Oscar also opens orders to partner staff
    "/shop/dashboard/orders/statistics/": ["order", "partner"],
    "/shop/dashboard/partners/": ["partner"],
    "/shop/dashboard/users/": ["accounts"],
    "/shop/dashboard/users/alerts/": ["customer", "accounts"],
    "/shop/dashboard/offers/": ["offer"],
    "/shop/dashboard/vouchers/": ["voucher"],
    "/shop/dashboard/vouchers/sets/": ["voucher"],
    "/shop/dashboard/comms/": ["communication"],
    "/shop/dashboard/reviews/": ["reviews"],
    "/shop/dashboard/insights/": ["reports"],
    "/shop/dashboard/reports/": ["analytics", "order"],
    "/shop/dashboard/shipping/weight-based/": ["shipping"],
    "/shop/dashboard/outbox/": ["notifications"],
}


def merchandiser_without(apps, password):
    user = User.objects.create_user(email="partial@example.com", password=password)
    user.is_staff = True
    user.save()
    user.user_permissions.set(merchandiser_permissions().exclude(content_type__app_label__in=apps))
    return user


@pytest.mark.parametrize("url", SECTIONS)
def test_each_dashboard_section_needs_its_permission(client, merchandiser, password, url):
    client.force_login(merchandiser)
    assert client.get(url).status_code == 200
    client.force_login(merchandiser_without(SECTIONS[url], password))
    assert client.get(url).status_code == 403


def test_staff_status_alone_opens_only_the_dashboard_front_page(client, password):
    user = User.objects.create_user(email="staff@example.com", password=password)
    user.is_staff = True
    user.save()
    client.force_login(user)
    assert client.get("/shop/dashboard/").status_code == 200
    assert all(client.get(url).status_code == 403 for url in SECTIONS)


def test_merchandisers_cannot_open_the_wagtail_admin(client, merchandiser):
    client.force_login(merchandiser)
    response = client.get("/cms/")
    assert response.status_code == 302 and "/cms/login/" in response["Location"]


def test_editors_cannot_open_the_dashboard(client, password):
    editor = make_editor(User.objects.create_user(email="ed@example.com", password=password))
    client.force_login(editor)
    assert client.get("/cms/").status_code == 200
    assert client.get("/shop/dashboard/").status_code == 403
