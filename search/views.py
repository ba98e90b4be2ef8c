"""Catalogue browsing and site search views.

The names CatalogueView and ProductCategoryView are the ones Oscar's catalogue app
asks its class loader for; these serve them from the database without haystack.
"""
from django.contrib import messages
from django.db.models import Q
from django.core.paginator import InvalidPage, Paginator
from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404, redirect
from django.views.generic import TemplateView
from oscar.core.loading import get_model

from . import listing
from .forms import SearchForm

Category = get_model("catalogue", "Category")
PER_PAGE = 24


class ProductListMixin:
    """Paginate a product queryset; a bad page number goes back to page one."""

    paginate_by = PER_PAGE

    def get_products(self):
        raise NotImplementedError

    def paginate(self, queryset):
        paginator = Paginator(queryset, self.paginate_by)
        try:
            page = paginator.page(self.request.GET.get("page", 1))
        except (InvalidPage, ValueError):
            return None
        return page

    def get(self, request, *args, **kwargs):
        page = self.paginate(listing.sort(self.get_products(), request.GET.get("sort_by")))
        if page is None:
            messages.error(request, "The given page number was invalid.")
            return redirect(request.path)
        return self.render_to_response(
            self.get_context_data(page_obj=page, paginator=page.paginator, products=page.object_list)
        )


class CatalogueView(ProductListMixin, TemplateView):
    template_name = "oscar/catalogue/browse.html"

    def get_products(self):
        return listing.listable_products()

    def get_context_data(self, **kwargs):
        return super().get_context_data(summary="All products", **kwargs)


class ProductCategoryView(ProductListMixin, TemplateView):
    template_name = "oscar/catalogue/category.html"

    def get(self, request, *args, **kwargs):
        self.category = get_object_or_404(Category, pk=kwargs["pk"])
        if not self.category.is_public and not request.user.is_staff:
            raise Http404("No such category")
        expected = self.category.get_absolute_url()
        if request.path != expected:
            return HttpResponsePermanentRedirect(expected)
        return super().get(request, *args, **kwargs)

    def get_products(self):
        return listing.in_category(listing.listable_products(), self.category)

    def get_context_data(self, **kwargs):
        return super().get_context_data(category=self.category, summary=self.category.name, **kwargs)


class SiteSearchView(ProductListMixin, TemplateView):
    """Products whose title, description or category matches every word of the query."""

    template_name = "search/results.html"

    def get(self, request, *args, **kwargs):
        self.form = SearchForm(request.GET)
        self.query = self.form.cleaned_query()
        return super().get(request, *args, **kwargs)

    def get_products(self):
        qs = listing.listable_products()
        if not self.query:
            return qs.none()

        for word in self.query.split()[:10]:
            qs = qs.filter(
                Q(title__icontains=word) | Q(description__icontains=word) | Q(categories__name__icontains=word)
            )
        return qs.distinct()

    def get_context_data(self, **kwargs):
        return super().get_context_data(query=self.query, search_form=self.form, **kwargs)
