"""Catalogue browsing, site search and autocomplete, all answered by the engine layer.

The names CatalogueView and ProductCategoryView are the ones Oscar's catalogue app
asks its class loader for. Each listing asks the engine for one page of product ids,
facet counts and a total, then loads just those products with a fixed number of queries.
"""
from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponsePermanentRedirect, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.functional import SimpleLazyObject
from django.views import View
from django.views.generic import TemplateView
from oscar.core.loading import get_model

from . import engines, listing
from .facets import facet_groups
from .forms import ListingForm, SearchForm
from .models import SearchQuery
from .query import SORTS
from .suggestions import suggestions

Category = get_model("catalogue", "Category")
PAGES_SHOWN = 10


class ProductListView(TemplateView):
    """One listing: filters and sort from the query string, products from the engine."""

    within = None  # the category whose subtree is listed

    def search_text(self):
        return ""

    def get(self, request, *args, **kwargs):
        form = ListingForm(request.GET)
        per_page = getattr(settings, "OSCAR_PRODUCTS_PER_PAGE", 24)
        self.query = form.product_query(self.search_text(), self.within.pk if self.within else None, per_page)
        if "page" in form.errors:
            messages.error(request, "The given page number was invalid.")
            return redirect(request.path)
        if set(form.errors) - {"page"}:
            messages.warning(request, "Some filters in the address weren't understood and were left out.")
        self.hits = listing.product_hits(self.query, request)
        paginator = Paginator(range(self.hits.total), per_page, allow_empty_first_page=True)
        if self.query.page > paginator.num_pages:
            messages.error(request, "The given page number was invalid.")
            return redirect(request.path)
        return self.render_to_response(self.get_context_data(
            page_obj=paginator.page(self.query.page), paginator=paginator,
            # Lazy: when the listing is a shared fragment already rendered, neither is loaded.
            products=SimpleLazyObject(lambda: listing.products_in_order(self.hits.ids)),
            facets=SimpleLazyObject(lambda: facet_groups(request, self.hits, self.query, self.within)),
            sorts=SORTS, sort=self.query.effective_sort, search_query=self.query,
            listing_query=self.query_without("page"), sort_hidden=self.hidden_fields_without("sort_by", "page"),
        ))

    def query_without(self, *names):
        params = self.request.GET.copy()
        for name in names:
            params.pop(name, None)
        return params.urlencode() + "&" if params else ""

    def hidden_fields_without(self, *names):
        """(name, value) pairs a form must resend so submitting it keeps the other filters."""
        return [(k, v) for k, values in self.request.GET.lists() if k not in names for v in values]


class CatalogueView(ProductListView):
    template_name = "oscar/catalogue/browse.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(summary="All products", **kwargs)


class ProductCategoryView(ProductListView):
    template_name = "oscar/catalogue/category.html"

    def get(self, request, *args, **kwargs):
        self.within = self.category = get_object_or_404(Category, pk=kwargs["pk"])
        if not self.category.is_public and not request.user.is_staff:
            raise Http404("No such category")
        expected = self.category.get_absolute_url()
        # Oscar reads the URL from the cache on every call; the page asks again (its canonical link).
        self.category.get_absolute_url = lambda: expected
        if request.path != expected:
            return HttpResponsePermanentRedirect(expected)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(category=self.category, summary=self.category.name, **kwargs)


class SiteSearchView(ProductListView):
    """Products first (with facets), then pages, blog posts and promotions."""

    template_name = "search/results.html"

    def search_text(self):
        return self.text

    def get(self, request, *args, **kwargs):
        self.form = SearchForm(request.GET)
        self.text = self.form.cleaned_query()
        if not self.text:
            return self.render_to_response(self.get_context_data(search_form=self.form, query=""))
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if not self.text:
            return context
        pages = engines.search_pages(self.text, PAGES_SHOWN)
        if self.query.page == 1 and not any([self.query.category, self.query.price, self.query.in_stock,
                                              self.query.product_types]):
            SearchQuery.record(self.request, self.text, self.hits.total + len(pages))
        context.update(
            query=self.text, search_form=self.form, pages=pages, suggestion=self.hits.suggestion,
            top_categories=(Category.objects.browsable().filter(depth=1).order_by("path")[:8]
                            if not self.hits.total and not pages else []),
        )
        return context


class AutocompleteView(View):
    """JSON for the header search box: up to ten products, categories and pages."""

    def get(self, request):
        # NUL can't be stored in PostgreSQL text (the query log); the search form refuses it, so drop it here too.
        text = str(request.GET.get("q", "")).replace("\x00", "")[:200]
        found = suggestions(text)
        if found is None:
            return JsonResponse({"query": text, "suggestions": []})
        SearchQuery.record(request, text, len(found), kind=SearchQuery.Kind.AUTOCOMPLETE)
        return JsonResponse({"query": text, "suggestions": found})
