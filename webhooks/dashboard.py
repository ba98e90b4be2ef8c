"""Webhooks in the dashboard: endpoints (add, edit, rotate the secret, delete) and their deliveries.

Seeing needs `webhooks.view_endpoint`; adding, changing (which includes rotating the
secret and sending a delivery again) and deleting need the matching permission (the
Merchandisers role holds them all: commerce/accounts/roles.py). The deliveries page lists
the dead letters first; "Retry" (dead or retrying) and "Replay" (delivered) send the same
event, with the same event id, again with a fresh set of attempts.
"""
from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.db import transaction
from django.db.models import Case, IntegerField, Value, When
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse, reverse_lazy
from django.utils import timezone
from django.views import generic

from .address_guard import UnsafeURL, check_url
from .events import TYPES
from .models import Delivery, Endpoint, new_secret
from .tasks import deliver_webhook


class EndpointForm(forms.ModelForm):
    url = forms.URLField(label="URL", max_length=500, assume_scheme="https",
                         help_text="Where the shop POSTs each event (http or https, a public address)")
    events = forms.MultipleChoiceField(choices=list(TYPES.items()), widget=forms.CheckboxSelectMultiple,
                                       help_text="What this endpoint is told about.")

    class Meta:
        model = Endpoint
        fields = ["url", "description", "events", "is_active"]

    def clean_url(self):
        url = self.cleaned_data["url"]
        try:
            check_url(url)
        except UnsafeURL as exc:
            raise forms.ValidationError(str(exc)) from exc
        return url


class Permission(PermissionRequiredMixin):
    raise_exception = True
    verb = "view"

    def get_permission_required(self):
        return [f"webhooks.{self.verb}_endpoint"]


class EndpointList(Permission, generic.ListView):
    model = Endpoint
    template_name = "webhooks/endpoint_list.html"
    context_object_name = "endpoints"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["dead_count"] = Delivery.objects.filter(status=Delivery.Status.DEAD).count()
        ctx["event_names"] = TYPES
        return ctx


class EndpointEdit(Permission):
    model = Endpoint
    form_class = EndpointForm
    template_name = "webhooks/endpoint_form.html"

    def get_success_url(self):
        return reverse("webhooks:endpoint-update", kwargs={"pk": self.object.pk})

    def form_valid(self, form):
        messages.success(self.request, f"Saved the endpoint {form.instance.url}.")
        return super().form_valid(form)

    def form_invalid(self, form):
        response = super().form_invalid(form)
        response.status_code = 400
        return response


class EndpointCreate(EndpointEdit, generic.CreateView):
    verb = "add"


class EndpointUpdate(EndpointEdit, generic.UpdateView):
    verb = "change"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["recent"] = self.object.deliveries.select_related("event")[:20]
        return ctx


class EndpointDelete(Permission, generic.DeleteView):
    verb = "delete"
    model = Endpoint
    template_name = "webhooks/endpoint_delete.html"
    success_url = reverse_lazy("webhooks:endpoint-list")


class RotateSecret(Permission, generic.View):
    """A new secret at once; the old one stops working, so the receiver must be given the new one."""

    verb = "change"
    http_method_names = ["post"]

    def post(self, request, pk):
        endpoint = get_object_or_404(Endpoint, pk=pk)
        endpoint.secret, endpoint.secret_rotated_at = new_secret(), timezone.now()
        endpoint.save(update_fields=["secret", "secret_rotated_at"])
        messages.success(request, "A new signing secret was made; the old one no longer signs anything.")
        return redirect("webhooks:endpoint-update", pk=pk)


class DeliveryList(Permission, generic.ListView):
    template_name = "webhooks/delivery_list.html"
    context_object_name = "deliveries"
    paginate_by = 50
    FILTERS = {"failed": (Delivery.Status.DEAD, Delivery.Status.RETRYING), "dead": (Delivery.Status.DEAD,)}

    def get_queryset(self):
        deliveries = Delivery.objects.select_related("endpoint", "event").defer("event__body")
        shown = self.FILTERS.get(self.request.GET.get("status", ""))
        if shown:
            deliveries = deliveries.filter(status__in=shown)
        dead_first = Case(When(status=Delivery.Status.DEAD, then=Value(0)), default=Value(1),
                          output_field=IntegerField())
        return deliveries.order_by(dead_first, "-created_at", "-pk")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["status"] = self.request.GET.get("status", "")
        return ctx


class SendAgain(Permission, generic.View):
    """Retry a dead or retrying delivery, or replay a delivered one: the same event id and body."""

    verb = "change"
    http_method_names = ["post"]

    def post(self, request, pk):
        with transaction.atomic():
            delivery = get_object_or_404(Delivery.objects.select_for_update().select_related("event"), pk=pk)
            if delivery.status in (Delivery.Status.QUEUED, Delivery.Status.SENDING):
                messages.info(request, f"The {delivery.event.type} event is already on its way.")
                return redirect(self._back())
            replay = delivery.status == Delivery.Status.DELIVERED
            delivery.status, delivery.attempts, delivery.next_attempt_at = Delivery.Status.QUEUED, 0, None
            delivery.save(update_fields=["status", "attempts", "next_attempt_at"])
            deliver_webhook.queue_after_commit(delivery.pk)
        what = "replayed" if replay else "queued again"
        messages.success(request, f"The {delivery.event.type} event {delivery.event.id} is {what}.")
        return redirect(self._back())

    def _back(self):
        back = self.request.POST.get("next", "")
        home = reverse("webhooks:endpoint-list")  # only back to a webhooks page: never an open redirect
        return back if back.startswith(home) and not back.startswith("//") else reverse("webhooks:delivery-list")


app_name = "webhooks"
urlpatterns = [
    path("", EndpointList.as_view(), name="endpoint-list"),
    path("add/", EndpointCreate.as_view(), name="endpoint-create"),
    path("<int:pk>/", EndpointUpdate.as_view(), name="endpoint-update"),
    path("<int:pk>/rotate-secret/", RotateSecret.as_view(), name="endpoint-rotate-secret"),
    path("<int:pk>/delete/", EndpointDelete.as_view(), name="endpoint-delete"),
    path("deliveries/", DeliveryList.as_view(), name="delivery-list"),
    path("deliveries/<int:pk>/send-again/", SendAgain.as_view(), name="delivery-send-again"),
]
