import pytest

pytestmark = pytest.mark.django_db


def test_storefront_pages_render(client, products, category):
    for url in ["/shop/catalogue/", category.get_absolute_url(), products[0].get_absolute_url(),
                "/shop/basket/", "/shop/accounts/login/", "/search/?q=jam", "/"]:
        response = client.get(url)
        assert response.status_code == 200, url
