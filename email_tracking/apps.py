from django.apps import AppConfig


class EmailTrackingConfig(AppConfig):
    name = "email_tracking"
    verbose_name = "Email opens and clicks"
    default_auto_field = "django.db.models.AutoField"

    def ready(self):
        from oscar.apps.basket.signals import basket_addition

        from newsletter.personalisation import Tracking

        from .figures import figures
        from .links import instrument
        from .visits import note_basket_add

        # Every newsletter's HTML is instrumented per recipient, and its send page shows these figures.
        Tracking.register(instrument=instrument, figures=figures)

        # Sent by Oscar's add view and by the recipe block's add (content/recipes.py).
        basket_addition.connect(note_basket_add, dispatch_uid="email-tracking-basket-add", weak=False)
