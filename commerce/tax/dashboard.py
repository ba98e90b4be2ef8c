"""Tax rates in the dashboard: list, add, edit, delete (the "tax" app's model permissions).

The list also names each shipping country the shop collects no tax in, so a missing
country is visible before a shopper finds it.
"""
from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.urls import path, reverse_lazy
from django.views import generic
from oscar.core.loading import get_model

from .models import TaxRate
from .regions import REGIONS, UnknownRegion, region_code

Country = get_model("address", "Country")


class TaxRateForm(forms.ModelForm):
    class Meta:
        model = TaxRate
        fields = ["country", "region", "name", "rate", "applies_to_shipping", "included_in_prices"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].queryset = Country.objects.filter(is_shipping_country=True)

    def clean(self):
        data = super().clean()
        country, region = data.get("country"), (data.get("region") or "").strip()
        if country is None or not region:
            data["region"] = ""
            return data
        if country.pk not in REGIONS:
            self.add_error("region", f"{country.printable_name} is taxed as a whole: leave the region blank.")
            return data
        try:
            data["region"] = region_code(country.pk, region)
        except UnknownRegion as exc:
            self.add_error("region", str(exc).replace("of the delivery address, so we can work out the tax", ""))
        return data


class Permission(PermissionRequiredMixin):
    raise_exception = True

    def get_permission_required(self):
        verb = {"list": "view", "create": "add", "update": "change", "delete": "delete"}[self.action]
        return [f"tax.{verb}_taxrate"]


class RateList(Permission, generic.ListView):
    action = "list"
    model = TaxRate
    template_name = "tax/rate_list.html"
    context_object_name = "rates"

    def get_queryset(self):
        return TaxRate.objects.select_related("country")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["untaxed_countries"] = Country.objects.filter(is_shipping_country=True, tax_rates__isnull=True)
        return ctx


class RateEdit(Permission):
    model = TaxRate
    form_class = TaxRateForm
    template_name = "tax/rate_form.html"
    success_url = reverse_lazy("tax:rate-list")

    def form_valid(self, form):
        messages.success(self.request, f"Saved {form.instance}.")
        return super().form_valid(form)

    def form_invalid(self, form):
        response = super().form_invalid(form)
        response.status_code = 400
        return response


class RateCreate(RateEdit, generic.CreateView):
    action = "create"


class RateUpdate(RateEdit, generic.UpdateView):
    action = "update"


class RateDelete(Permission, generic.DeleteView):
    action = "delete"
    model = TaxRate
    template_name = "tax/rate_delete.html"
    success_url = reverse_lazy("tax:rate-list")


app_name = "tax"
urlpatterns = [
    path("", RateList.as_view(), name="rate-list"),
    path("add/", RateCreate.as_view(), name="rate-create"),
    path("<int:pk>/", RateUpdate.as_view(), name="rate-update"),
    path("<int:pk>/delete/", RateDelete.as_view(), name="rate-delete"),
]
