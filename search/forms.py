"""The header search box and the listing controls (filters, sort, page)."""
from django import forms

from .query import ATTRIBUTE_FACETS, MAX_WORDS, PRICE_RANGES, SORTS, ProductQuery

MAX_PAGE = 400  # 400 × 24 stays inside the engines' 10,000-result window


class SearchForm(forms.Form):
    q = forms.CharField(
        required=False, max_length=200, label="Search",
        error_messages={"max_length": "Please search with at most 200 characters."},
        widget=forms.SearchInput(attrs={"placeholder": "Search products and articles", "autocomplete": "off"}),
    )

    def cleaned_query(self):
        return self.cleaned_data.get("q", "").strip() if self.is_valid() else ""


class IdsField(forms.MultipleChoiceField):
    """Several database ids (e.g. product types), checked for shape only."""

    def valid_value(self, value):
        return str(value).isdigit() and len(str(value)) < 10

    def clean(self, value):
        return sorted({int(v) for v in super().clean(value)})


class ValuesField(forms.MultipleChoiceField):
    """Attribute values a shopper ticked (colours, sizes): any short text, at most ten."""

    def valid_value(self, value):
        return 0 < len(str(value)) <= 100

    def clean(self, value):
        values = super().clean(value)
        if len(values) > 10:
            raise forms.ValidationError("Choose at most ten.")
        return sorted(set(values))


class ListingForm(forms.Form):
    """Filters and sorting for a product listing. Values that don't parse are dropped
    (and reported), never passed on: the page still shows, with the rest applied."""

    sort_by = forms.ChoiceField(choices=list(SORTS.items()), required=False)
    category = forms.IntegerField(required=False, min_value=1)
    price = forms.MultipleChoiceField(choices=[(k, label) for k, label, *_ in PRICE_RANGES], required=False)
    in_stock = forms.BooleanField(required=False)
    type = IdsField(required=False)
    page = forms.IntegerField(required=False, min_value=1, max_value=MAX_PAGE)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for code, _title in ATTRIBUTE_FACETS:
            self.fields[code] = ValuesField(required=False)

    def product_query(self, text="", within_category=None, per_page=24):
        self.is_valid()
        data = {name: value for name, value in self.cleaned_data.items() if name not in self.errors}
        return ProductQuery(
            text=" ".join(text.split()[:MAX_WORDS * 2]),
            within_category=within_category,
            category=data.get("category"),
            price=tuple(data.get("price") or ()),
            in_stock=bool(data.get("in_stock")),
            product_types=tuple(data.get("type") or ()),
            attributes=tuple((code, tuple(data[code])) for code, _t in ATTRIBUTE_FACETS if data.get(code)),
            sort=data.get("sort_by") or "relevance",
            page=data.get("page") or 1,
            per_page=per_page,
        )
