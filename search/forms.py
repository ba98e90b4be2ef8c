"""The header search box, shared by every page."""
from django import forms


class SearchForm(forms.Form):
    q = forms.CharField(
        required=False, max_length=200, label="Search",
        widget=forms.SearchInput(attrs={"placeholder": "Search products and articles", "autocomplete": "off"}),
    )

    def cleaned_query(self):
        return self.cleaned_data.get("q", "").strip() if self.is_valid() else ""
