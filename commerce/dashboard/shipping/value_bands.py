"""Order-value bands of a delivery method: listed and added on one page, deleted one by one."""
from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.views import generic
from oscar.core.loading import get_model

WeightBased = get_model("shipping", "WeightBased")
OrderValueBand = get_model("shipping", "OrderValueBand")


class ValueBandForm(forms.ModelForm):
    class Meta:
        model = OrderValueBand
        fields = ["upper_limit", "charge"]

    def __init__(self, method, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.method = method

    def clean_upper_limit(self):
        limit = self.cleaned_data["upper_limit"]
        if self.instance.method.value_bands.filter(upper_limit=limit).exists():
            raise forms.ValidationError("This method already has a band up to that value.")
        return limit


class ValueBands(generic.FormView):
    template_name = "oscar/dashboard/shipping/value_bands.html"

    def dispatch(self, request, *args, **kwargs):
        self.method = get_object_or_404(WeightBased, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_form(self, form_class=None):
        return ValueBandForm(self.method, **self.get_form_kwargs())

    def get_context_data(self, **kwargs):
        return super().get_context_data(method=self.method, bands=self.method.value_bands.all(), **kwargs)

    def form_valid(self, form):
        band = form.save()
        messages.success(self.request, f"{self.method.name}: orders {band} added.")
        return redirect("dashboard:shipping-method-value-bands", pk=self.method.pk)

    def form_invalid(self, form):
        response = super().form_invalid(form)
        response.status_code = 400
        return response


class DeleteValueBand(generic.View):
    def post(self, request, pk, band_pk):
        band = get_object_or_404(OrderValueBand, pk=band_pk, method_id=pk)
        band.delete()
        messages.success(request, f"Band {band} deleted.")
        return redirect("dashboard:shipping-method-value-bands", pk=pk)
