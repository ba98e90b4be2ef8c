"""The status form asks for the parcel's carrier and tracking number (needed for Shipped)."""
from django import forms
from django.conf import settings


class OrderStatusForm(forms.Form):
    """Offers the statuses the pipeline allows next; the workflow explains any refusal, so
    a stale or tampered choice gets a sentence, not Django's "select a valid choice"."""

    new_status = forms.CharField(label="New order status", max_length=100,
                                 error_messages={"required": "Choose the new status."})
    carrier = forms.ChoiceField(required=False, label="Carrier (when shipping)")
    tracking_number = forms.CharField(required=False, max_length=64, label="Tracking number (when shipping)")

    def __init__(self, order, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.order = order
        self.fields["new_status"].widget = forms.Select(choices=[(s, s) for s in order.available_statuses()])
        self.fields["carrier"].choices = [("", "—")] + [
            (key, carrier["name"]) for key, carrier in settings.ORDER_TRACKING_CARRIERS.items()]
        if "Shipped" not in order.available_statuses():
            del self.fields["carrier"], self.fields["tracking_number"]

    @property
    def has_choices(self):
        return bool(self.order.available_statuses())
