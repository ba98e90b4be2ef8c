import oscar.apps.basket.apps as apps


class BasketConfig(apps.BasketConfig):
    name = "commerce.basket"

    def ready(self):
        super().ready()
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from .models import Basket, Line
        from .summary import basket_changed

        def line_changed(sender, instance, **kwargs):
            basket_changed(instance.basket_id)

        def basket_saved(sender, instance, **kwargs):
            basket_changed(instance.pk, instance.owner_id)

        def vouchers_changed(sender, instance, action, reverse, pk_set, **kwargs):
            if action.startswith("post_"):
                for pk in (pk_set or []) if reverse else [instance.pk]:
                    basket_changed(pk)

        # The header's cached basket summary (summary.py) is worked out again after any of these.
        post_save.connect(line_changed, sender=Line, dispatch_uid="basket-summary-line-saved", weak=False)
        post_delete.connect(line_changed, sender=Line, dispatch_uid="basket-summary-line-deleted", weak=False)
        post_save.connect(basket_saved, sender=Basket, dispatch_uid="basket-summary-basket-saved", weak=False)
        post_delete.connect(basket_saved, sender=Basket, dispatch_uid="basket-summary-basket-deleted", weak=False)
        m2m_changed.connect(vouchers_changed, sender=Basket.vouchers.through, dispatch_uid="basket-summary-vouchers",
                            weak=False)
