from django.apps import AppConfig


class ReturnsConfig(AppConfig):
    """Returns of delivered goods (RMA): asked for by customers, decided, received and refunded by staff."""

    name = "commerce.returns"
    label = "returns"
    verbose_name = "Returns"
