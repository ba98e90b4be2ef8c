"""The product form's stock records, with the cost price the inventory report values stock at.

Forked only for this: Oscar's stock record form lists its fields, and cost_price is ours
(commerce/partner/models.py). Every other form stays Oscar's (its class loader falls back).
"""
from django import forms
from oscar.apps.dashboard.catalogue import forms as oscar_forms

from security.catalogue_forms import CategoryForm, ProductImageForm  # noqa: F401  with the picture upload check


class StockRecordForm(oscar_forms.StockRecordForm):
    def clean_cost_price(self):
        cost = self.cleaned_data.get("cost_price")
        if cost is not None and cost < 0:
            raise forms.ValidationError("A cost price can't be negative.")
        return cost

    class Meta(oscar_forms.StockRecordForm.Meta):
        fields = [*oscar_forms.StockRecordForm.Meta.fields, "cost_price"]
