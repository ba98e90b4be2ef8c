"""Admin choosers for the Oscar catalogue, so editors pick products like they pick images.

Oscar's models are not in Wagtail's search index, so each chooser searches a few
fields with the database (`icontains`), which is plenty for a shop's catalogue.
The StreamField blocks built from these choosers live in content.blocks.
"""
from django import forms
from django.db.models import Q
from oscar.core.loading import get_model
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.views.generic.chooser import ChooseResultsView, ChooseView
from wagtail.admin.viewsets.chooser import ChooserViewSet
from wagtail.blocks import ChooserBlock


def field_search_form(search_fields):
    """A chooser filter form whose "q" matches any of `search_fields` (case-insensitive)."""

    class FieldSearchForm(BaseFilterForm):
        q = forms.CharField(label="Search term", required=False, max_length=200,
                            widget=forms.TextInput(attrs={"placeholder": "Search"}))

        def filter(self, objects):
            query = (self.cleaned_data.get("q") or "").strip()
            if not query:
                return objects
            self.is_searching, self.search_query = True, query
            match = Q()
            for field in search_fields:
                match |= Q(**{f"{field}__icontains": query})
            return objects.filter(match)

    return FieldSearchForm


class CatalogueChooserViewSet(ChooserViewSet):
    """A chooser with a search box over `search_fields`; the chooser's list is `get_object_list`."""

    search_fields = ()
    ordering = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        extra = {"filter_form_class": field_search_form(self.search_fields), "ordering": self.ordering}
        self.choose_view_class = type("ChooseView", (ChooseView,), extra)
        self.choose_results_view_class = type("ChooseResultsView", (ChooseResultsView,), extra)


class LiveProductChooserBlock(ChooserBlock):
    """Loads chosen products with their stock records and images in one go (see search.listing),
    so a page with many products costs a fixed number of queries and always shows today's price."""

    def bulk_to_python(self, values):
        from search.listing import listable_products

        found = listable_products().in_bulk([v for v in values if v is not None])
        return [found.get(v) for v in values]


class ProductChooserViewSet(CatalogueChooserViewSet):
    model = get_model("catalogue", "Product")
    icon = "tag"
    choose_one_text = "Choose a product"
    choose_another_text = "Choose another product"
    search_fields = ("title", "upc")
    ordering = ("title",)
    base_block_class = LiveProductChooserBlock

    def get_object_list(self):
        return self.model.objects.browsable()


class CategoryChooserViewSet(CatalogueChooserViewSet):
    model = get_model("catalogue", "Category")
    icon = "folder-open-inverse"
    choose_one_text = "Choose a category"
    choose_another_text = "Choose another category"
    search_fields = ("name", "description")
    ordering = ("path",)


class OfferChooserViewSet(CatalogueChooserViewSet):
    model = get_model("offer", "ConditionalOffer")
    icon = "pick"
    choose_one_text = "Choose an offer"
    choose_another_text = "Choose another offer"
    search_fields = ("name", "description")
    ordering = ("name",)


class VoucherChooserViewSet(CatalogueChooserViewSet):
    model = get_model("voucher", "Voucher")
    icon = "key"
    choose_one_text = "Choose a voucher"
    choose_another_text = "Choose another voucher"
    search_fields = ("name", "code")
    ordering = ("name",)


class RangeChooserViewSet(CatalogueChooserViewSet):
    model = get_model("offer", "Range")
    icon = "list-ul"
    choose_one_text = "Choose a range"
    choose_another_text = "Choose another range"
    search_fields = ("name", "description")
    ordering = ("name",)


product_chooser = ProductChooserViewSet("product_chooser", url_prefix="choose/products")
category_chooser = CategoryChooserViewSet("category_chooser", url_prefix="choose/categories")
offer_chooser = OfferChooserViewSet("offer_chooser", url_prefix="choose/offers")
voucher_chooser = VoucherChooserViewSet("voucher_chooser", url_prefix="choose/vouchers")
range_chooser = RangeChooserViewSet("range_chooser", url_prefix="choose/ranges")
ALL = [product_chooser, category_chooser, offer_chooser, voucher_chooser, range_chooser]

ProductChooserBlock = product_chooser.get_block_class("ProductChooserBlock", module_path="content.choosers")
CategoryChooserBlock = category_chooser.get_block_class("CategoryChooserBlock", module_path="content.choosers")
RangeChooserBlock = range_chooser.get_block_class("RangeChooserBlock", module_path="content.choosers")
