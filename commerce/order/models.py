"""Orders that know who moved them along and how they travel."""
from urllib.parse import quote

from django.conf import settings
from django.db import models, transaction
from django.db.models import F, Q
from oscar.apps.order import exceptions
from oscar.apps.order.abstract_models import AbstractLine, AbstractOrder, AbstractOrderStatusChange
from oscar.apps.order.signals import order_line_status_changed


class Order(AbstractOrder):
    """Oscar's order plus the parcel's carrier and tracking number, set when it ships."""

    carrier = models.CharField(max_length=32, blank=True, help_text="Key of settings.ORDER_TRACKING_CARRIERS")
    tracking_number = models.CharField(max_length=64, blank=True)

    @property
    def carrier_name(self):
        return settings.ORDER_TRACKING_CARRIERS.get(self.carrier, {}).get("name", self.carrier)

    @property
    def tracking_url(self):
        """The carrier's public tracking page for this parcel, or "" before it ships."""
        template = settings.ORDER_TRACKING_CARRIERS.get(self.carrier, {}).get("url")
        if not (template and self.tracking_number):
            return ""
        return template.format(number=quote(self.tracking_number, safe=""))

    @property
    def balance_after_credits(self):
        """The total less the exchange credits that paid part of it (an exchange's replacement order:
        commerce/payments/ledger.credit_exchange); the total itself for any other order."""
        return self.total_incl_tax - sum(credit.amount for credit in self.credits_applied.all())

    def set_status(self, new_status, changed_by=None, note=""):
        """Oscar's transition check and signal, with the person (None = the system) and a note recorded."""
        self._status_change_by, self._status_change_note = changed_by, note
        super().set_status(new_status)

    set_status.alters_data = True

    def _create_order_status_change(self, old_status, new_status):
        self.status_changes.create(
            old_status=old_status, new_status=new_status,
            changed_by=getattr(self, "_status_change_by", None), note=getattr(self, "_status_change_note", ""),
        )


class OrderStatusChange(AbstractOrderStatusChange):
    """One step on the order's timeline: from, to, when, who (blank = the shop itself) and why."""

    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    note = models.CharField(max_length=255, blank=True)


class Line(AbstractLine):
    """Oscar's order line plus how many of its units left the shelf.

    The line's stock ledger: `num_allocated` (Oscar's) is what the line still holds on its
    stock record, `num_consumed` what it took out of stock when it shipped, and
    `allocation_cancelled` (Oscar's) marks an allocation given back on cancellation.
    commerce.partner.stock moves units out of `num_allocated` into one or the other, never
    both, so `num_consumed + num_allocated <= quantity` holds for every row.
    """

    num_consumed = models.PositiveIntegerField(
        default=0, help_text="Units taken out of the stock record's num_in_stock when this line shipped")

    class Meta(AbstractLine.Meta):
        constraints = [
            models.CheckConstraint(condition=Q(num_consumed__lte=F("quantity") - F("num_allocated")),
                                   name="order_line_consumed_within_quantity"),
            models.CheckConstraint(condition=Q(num_consumed=0) | Q(allocation_cancelled=False),
                                   name="order_line_consumed_or_released"),
        ]

    @property
    def chosen_summary(self):
        """The version bought ("Size: Large"), blank for a product sold in one version; offered to emails."""
        from .versions import chosen_summary

        return chosen_summary(self.product)

    def set_status(self, new_status):
        """Oscar's line transition, with the row locked and only `status` written.

        Oscar saves the whole line, which would write back a stale copy of its stock ledger
        if the order shipped meanwhile; here the check is made against the locked row. The
        order is locked first, as `workflow.change_status` does, so a line change and an
        order change wait for each other instead of deadlocking.
        """
        with transaction.atomic():
            list(Order._default_manager.select_for_update().filter(pk=self.order_id).values_list("pk"))
            locked = type(self)._default_manager.select_for_update().get(pk=self.pk)
            old_status = self.status = locked.status
            if new_status == old_status:
                return
            if new_status not in locked.available_statuses():
                raise exceptions.InvalidLineStatus(
                    f"'{new_status}' is not a valid status (current status: '{old_status}')")
            self.status = new_status
            self.save(update_fields=["status"])
            order_line_status_changed.send(sender=self, line=self, old_status=old_status, new_status=new_status)

    set_status.alters_data = True


from oscar.apps.order.models import *  # noqa: E402,F401,F403
