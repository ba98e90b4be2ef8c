"""The report request form: which report, which days (shop time zone), what grouping."""
import datetime as dt

from django import forms

from .models import ReportRun, ReportSubscription
from .periods import shop_today

MAX_DAYS = 3 * 366  # three years: enough for year-on-year, bounded for the worker


class ReportRequestForm(forms.Form):
    kind = forms.ChoiceField(label="Report", choices=ReportRun.Kind.choices)
    date_from = forms.DateField(label="From", widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label="To (inclusive)", widget=forms.DateInput(attrs={"type": "date"}))
    granularity = forms.ChoiceField(label="Group sales", choices=ReportRun.Granularity.choices,
                                    initial=ReportRun.Granularity.DAY)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        today = shop_today()
        self.fields["date_from"].initial = today - dt.timedelta(days=29)
        self.fields["date_to"].initial = today

    def clean(self):
        data = super().clean()
        first, last = data.get("date_from"), data.get("date_to")
        if first and last:
            if last < first:
                raise forms.ValidationError("The end date is before the start date.")
            if (last - first).days + 1 > MAX_DAYS:
                raise forms.ValidationError(f"Choose at most {MAX_DAYS} days.")
        return data


class SubscriptionForm(forms.ModelForm):
    class Meta:
        model = ReportSubscription
        fields = ["daily", "weekly"]
        labels = {"daily": "Email me the daily sales and inventory report",
                  "weekly": "Email me the weekly sales and inventory report"}
