"""The moment to preview, as a date and a time on the shop's clock (settings.TIME_ZONE)."""
import datetime

from django import forms
from django.utils import timezone

FURTHEST_AHEAD = datetime.timedelta(days=5 * 366)


class MomentForm(forms.Form):
    date = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    time = forms.TimeField(initial=datetime.time(9, 0), widget=forms.TimeInput(attrs={"type": "time"}))

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        zone = timezone.get_default_timezone()
        moment = datetime.datetime.combine(cleaned["date"], cleaned["time"], tzinfo=zone)
        now = timezone.now()
        if moment <= now:
            raise forms.ValidationError("Choose a moment in the future: the shop as it is needs no preview.")
        if moment > now + FURTHEST_AHEAD:
            raise forms.ValidationError("Choose a moment within the next five years.")
        cleaned["moment"] = moment
        return cleaned
