"""Orders that know who moved them along and how they travel."""
from urllib.parse import quote

from django.conf import settings
from django.db import models
from oscar.apps.order.abstract_models import AbstractOrder, AbstractOrderStatusChange


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


from oscar.apps.order.models import *  # noqa: E402,F401,F403
