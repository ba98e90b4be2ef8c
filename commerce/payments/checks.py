"""A production site without its Stripe keys can't take money: refuse to start."""
from django.conf import settings
from django.core.checks import Error, register

REQUIRED = ("STRIPE_SECRET_KEY", "STRIPE_PUBLISHABLE_KEY", "STRIPE_WEBHOOK_SECRET")


@register()
def stripe_keys_are_set(app_configs, **kwargs):
    if settings.DEBUG:
        return []  # development may run on the demo payment method
    return [
        Error(f"{name} is not set, so checkout can't take card payments.",
              hint=f"Set {name} in the environment (Stripe dashboard → Developers → API keys / Webhooks).",
              id=f"payments.E00{i}")
        for i, name in enumerate(REQUIRED, start=1) if not getattr(settings, name, "")
    ]
