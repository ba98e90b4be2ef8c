"""Product edit and delete that warn before taking a featured product off live pages.

A product shown by live content (content/featuring.py) vanishes from those pages when it
is hidden or deleted, and nobody on the content side would know. So the product form
names the pages featuring it, and unticking "is public" or deleting it needs a second,
explicit confirmation that names them; without it nothing is saved or deleted.
"""
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from oscar.apps.dashboard.catalogue import views as oscar_views

from content.featuring import featuring_pages

CONFIRM_HIDE = "confirm_hide_featured"
CONFIRM_DELETE = "confirm_delete_featured"


def featured_on(product):
    """The live pages featuring `product`, each with its Wagtail edit address."""
    if product is None or product.pk is None:
        return []
    pages = list(featuring_pages(product, public=False))
    for page in pages:
        page.cms_edit_url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    return pages


def naming(pages):
    return ", ".join(f"“{page.title}”" for page in pages)


class ProductCreateUpdateView(oscar_views.ProductCreateUpdateView):
    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["featured_on"] = featured_on(None if self.creating else self.object)
        ctx["confirm_hide_field"] = CONFIRM_HIDE
        ctx["confirming_hide"] = getattr(self, "confirming_hide", False)
        return ctx

    def clean(self, form, formsets):
        result = super().clean(form, formsets)
        if self.creating or not form.is_valid() or self.request.POST.get(CONFIRM_HIDE):
            return result
        # form.initial: validating the form has already copied the new value onto the product.
        hiding = form.initial.get("is_public") and not form.cleaned_data.get("is_public", True)
        pages = featured_on(self.object) if hiding else []
        if pages:
            form.add_error("is_public", f"This product is featured on {len(pages)} live "
                           f"page{'s' if len(pages) > 1 else ''}: {naming(pages)}. Hiding it takes it off them. "
                           "Tick “Hide it from those pages” below and save again to confirm.")
            self.confirming_hide = True
            return False
        return result


class ProductDeleteView(oscar_views.ProductDeleteView):
    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["featured_on"] = featured_on(self.object)
        ctx["confirm_delete_field"] = CONFIRM_DELETE
        return ctx

    def delete(self, request, *args, **kwargs):
        product = self.get_object()
        pages = featured_on(product)
        if pages and not request.POST.get(CONFIRM_DELETE):
            messages.error(request, f"Nothing was deleted: “{product.get_title()}” is featured on "
                           f"{naming(pages)}. Tick the confirmation to delete it from those pages too.")
            return redirect("dashboard:catalogue-product-delete", pk=product.pk)
        return super().delete(request, *args, **kwargs)
