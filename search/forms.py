"""The header search box, shared by every page."""
from django import forms


class SearchForm(forms.Form):
    q = forms.CharField(
        required=False, max_length=200, label="Search",
        error_messages={"max_length": "Please search with at most 200 characters."},
        widget=forms.SearchInput(attrs={"placeholder": "Search products and articles", "autocomplete": "off"}),
    )

    def cleaned_query(self):
        return self.cleaned_data.get("q", "").strip() if self.is_valid() else ""
