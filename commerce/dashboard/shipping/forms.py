"""The delivery method form with the shop's fields: states or provinces, free-delivery threshold, position."""
from django.core.exceptions import ValidationError
from oscar.apps.dashboard.shipping import forms

from commerce.tax.regions import REGIONS


class WeightBasedForm(forms.WeightBasedForm):
    class Meta(forms.WeightBasedForm.Meta):
        fields = ["name", "description", "position", "countries", "regions", "free_over", "default_weight"]

    def clean_regions(self):
        codes = [c.strip().upper() for c in self.cleaned_data["regions"].split(",") if c.strip()]
        known = {code for regions in REGIONS.values() for code in regions}
        unknown = [c for c in codes if c not in known]
        if unknown:
            raise ValidationError(
                f"Not a US state or Canadian province code: {', '.join(unknown)}.")
        return ", ".join(codes)


WeightBandForm = forms.WeightBandForm
