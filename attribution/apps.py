from django.apps import AppConfig


class AttributionConfig(AppConfig):
    name = "attribution"
    verbose_name = "Content attribution"

    def ready(self):
        from oscar.apps.order.signals import order_placed

        from .placing import attribute_order_lines

        # Oscar's OrderCreator sends this for every order it writes, checkout or not.
        order_placed.connect(attribute_order_lines, dispatch_uid="attribution-order-lines", weak=False)
