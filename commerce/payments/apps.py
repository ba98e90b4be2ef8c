from django.apps import AppConfig


class PaymentsConfig(AppConfig):
    """Card payments through Stripe: intents, webhooks, refunds, abandoned-payment clean-up."""

    name = "commerce.payments"
    label = "payments"
    default_auto_field = "django.db.models.AutoField"

    def ready(self):
        from . import checks  # noqa: F401  registers the production key check
