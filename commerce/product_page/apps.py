from django.apps import AppConfig


class ProductPageConfig(AppConfig):
    """The storefront's product page: facts a shopper reads, the variant picker, structured data."""

    name = "commerce.product_page"
    verbose_name = "Product page"
