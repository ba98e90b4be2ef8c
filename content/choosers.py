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

from pagecache import labels


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
    so a page with many products costs a fixed number of queries and always shows today's price.
    The page notes each chosen product, shown or not (hidden, sold out, deleted), so that its
    change forgets the page (pagecache/labels.py)."""

    def bulk_to_python(self, values):
        from search.listing import listable_products

        chosen = [v for v in values if v is not None]
        labels.note(*(labels.product(pk) for pk in chosen))
        found = listable_products().in_bulk(chosen)
        return [found.get(v) for v in values]

    def to_python(self, value):
        if value is not None:
            labels.note(labels.product(value))
        return super().to_python(value)


class ProductChooserViewSet(CatalogueChooserViewSet):
    """Only products a shopper can see, and blocks that load them as listings do."""

    base_block_class = LiveProductChooserBlock

    def get_object_list(self):
        return self.model.objects.browsable()


def catalogue_chooser(things, model, icon, thing, search_fields, ordering, *, viewset=CatalogueChooserViewSet):
    """The chooser of `model` at choose/<things>/; `thing` is one, with its article ("a category")."""
    noun = thing.split(" ", 1)[1]
    return viewset(f"{noun}_chooser", url_prefix=f"choose/{things}", model=get_model(*model.split(".")), icon=icon,
                   choose_one_text=f"Choose {thing}", choose_another_text=f"Choose another {noun}",
                   search_fields=search_fields, ordering=ordering)


product_chooser = catalogue_chooser("products", "catalogue.Product", "tag", "a product", ("title", "upc"),
                                    ("title",), viewset=ProductChooserViewSet)
category_chooser = catalogue_chooser("categories", "catalogue.Category", "folder-open-inverse", "a category",
                                     ("name", "description"), ("path",))
offer_chooser = catalogue_chooser("offers", "offer.ConditionalOffer", "pick", "an offer",
                                  ("name", "description"), ("name",))
voucher_chooser = catalogue_chooser("vouchers", "voucher.Voucher", "key", "a voucher", ("name", "code"), ("name",))
range_chooser = catalogue_chooser("ranges", "offer.Range", "list-ul", "a range", ("name", "description"),
                                  ("name",))
ALL = [product_chooser, category_chooser, offer_chooser, voucher_chooser, range_chooser]

ProductChooserBlock = product_chooser.get_block_class("ProductChooserBlock", module_path="content.choosers")
CategoryChooserBlock = category_chooser.get_block_class("CategoryChooserBlock", module_path="content.choosers")
RangeChooserBlock = range_chooser.get_block_class("RangeChooserBlock", module_path="content.choosers")
OfferChooserBlock = offer_chooser.get_block_class("OfferChooserBlock", module_path="content.choosers")
