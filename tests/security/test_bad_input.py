"""Bad input gets a clear message and a 4xx or a redirect back, never a 500."""
import pytest
from oscar.core.loading import get_model

Basket = get_model("basket", "Basket")
Line = get_model("basket", "Line")

pytestmark = pytest.mark.django_db

BAD_QUANTITIES = ["0", "-1", "1000000000", "abc", "", "1.5", "9" * 40]


def basket_lines(client):
    return [(line.product_id, line.quantity) for line in Line.objects.all()]


def messages_of(response):
    return [str(m) for m in response.context["messages"]] if response.context else []


def test_adding_an_unknown_product_is_a_404(client):
    response = client.post("/shop/basket/add/999999/", {"quantity": 1})
    assert response.status_code == 404
    assert Line.objects.count() == 0


def test_unknown_product_page_is_a_404(client):
    assert client.get("/shop/catalogue/nothing_999999/").status_code == 404
    assert client.get("/shop/catalogue/category/nothing_999999/").status_code == 404


@pytest.mark.parametrize("quantity", BAD_QUANTITIES)
def test_bad_quantity_when_adding_is_refused_with_a_message(client, products, quantity):
    product = products[0]
    response = client.post(f"/shop/basket/add/{product.pk}/", {"quantity": quantity},
                           HTTP_REFERER=product.get_absolute_url(), follow=True)
    assert response.status_code == 200
    assert Line.objects.count() == 0
    errors = [m for m in response.context["messages"] if m.level_tag == "error"]
    assert errors, "the shopper is told why nothing was added"
    assert all(len(str(m)) > 10 for m in errors)


@pytest.mark.parametrize("quantity", ["-1", "1000000000", "abc", "1.5"])
def test_bad_quantity_in_the_basket_keeps_the_line(client, products, quantity):
    product = products[0]
    client.post(f"/shop/basket/add/{product.pk}/", {"quantity": 2})
    line = Line.objects.get()
    response = client.post("/shop/basket/", {
        "form-TOTAL_FORMS": 1, "form-INITIAL_FORMS": 1, "form-MIN_NUM_FORMS": 0, "form-MAX_NUM_FORMS": 1000,
        "form-0-id": line.pk, "form-0-quantity": quantity,
    }, follow=True)
    assert response.status_code == 200
    line.refresh_from_db()
    assert line.quantity == 2
    assert "quantity" in response.content.decode().lower()


def test_basket_line_of_another_basket_cannot_be_changed(client, products):
    from oscar.apps.partner.strategy import Selector

    other = Basket.objects.create()
    other.strategy = Selector().strategy()
    other_line, _ = other.add_product(products[0], 1)
    client.post(f"/shop/basket/add/{products[1].pk}/", {"quantity": 1})
    own = Line.objects.exclude(pk=other_line.pk).get()
    response = client.post("/shop/basket/", {
        "form-TOTAL_FORMS": 1, "form-INITIAL_FORMS": 1, "form-MIN_NUM_FORMS": 0, "form-MAX_NUM_FORMS": 1000,
        "form-0-id": other_line.pk, "form-0-quantity": 5,
    }, follow=True)
    assert response.status_code < 500
    other_line.refresh_from_db()
    own.refresh_from_db()
    assert other_line.quantity == 1


def test_overlong_search_query_is_explained(client):
    response = client.get("/search/", {"q": "jam " * 100})
    assert response.status_code == 200
    assert "at most 200 characters" in response.content.decode()


def test_overlong_registration_email_is_explained(client, password):
    response = client.post("/shop/accounts/login/", {
        "registration-email": ("x" * 300) + "@example.com",
        "registration-password1": password, "registration-password2": password,
        "registration_submit": "Register",
    })
    assert response.status_code == 200
    assert "email" in response.content.decode().lower()
    from django.contrib.auth import get_user_model

    assert get_user_model().objects.count() == 0


def test_overlong_address_line_is_explained(shopper_client, country):
    response = shopper_client.post("/shop/accounts/addresses/add/", {
        "first_name": "Ada", "last_name": "L", "line1": "x" * 1000, "line4": "Town", "state": "NY",
        "postcode": "10001", "country": country.pk,
    })
    assert response.status_code == 200
    assert "at most 255 characters" in response.content.decode()


@pytest.mark.parametrize("page", ["0", "-3", "abc", "99999"])
def test_bad_page_number_returns_to_page_one(client, products, page):
    response = client.get("/shop/catalogue/", {"page": page}, follow=True)
    assert response.status_code == 200
    assert "page number was invalid" in response.content.decode().lower()
