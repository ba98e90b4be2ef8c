from django.apps import AppConfig


class BasketRemindersConfig(AppConfig):
    """Emails reminding shoppers of a basket they left, with a link that brings it back."""

    name = "basket_reminders"
    verbose_name = "Basket reminders"
