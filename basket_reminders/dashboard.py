"""The merchandisers' page for basket reminders: switch them on, set the delays and quiet
hours, and see what they did (reminders sent, and how many reminded baskets became orders).

Staff with the basket_reminders change permission only (the Merchandisers role has it);
anyone else gets 403, a signed-out visitor the sign-in page.
"""
from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin, UserPassesTestMixin
from django.db.models import Exists, OuterRef, Q
from django.shortcuts import redirect
from django.urls import path
from django.views import generic
from oscar.core.loading import get_model

from .models import BasketReminder, ReminderSettings

Order = get_model("order", "Order")


class ReminderSettingsForm(forms.ModelForm):
    class Meta:
        model = ReminderSettings
        fields = ["enabled", "first_after_hours", "send_second", "second_after_hours", "quiet_from", "quiet_until"]
        widgets = {"quiet_from": forms.TimeInput(attrs={"type": "time"}),
                   "quiet_until": forms.TimeInput(attrs={"type": "time"})}

    def clean(self):
        data = super().clean()
        if (data.get("quiet_from") is None) != (data.get("quiet_until") is None):
            raise forms.ValidationError("Give both ends of the quiet hours, or leave both empty.")
        return data


def results():
    """Reminders sent, baskets reminded, and reminded baskets ordered after their first reminder
    (from the basket itself, or by the same account or guest address)."""
    ordered_after = Order.objects.filter(date_placed__gte=OuterRef("queued_at")).filter(
        Q(basket=OuterRef("basket")) | Q(user=OuterRef("basket__owner")) | Q(guest_email__iexact=OuterRef("email")))
    firsts = BasketReminder.objects.filter(number=1)  # one per reminded basket
    return {
        "first_sent": firsts.count(),
        "second_sent": BasketReminder.objects.filter(number=2).count(),
        "ordered": firsts.filter(Exists(ordered_after)).count(),
    }


class SettingsPage(LoginRequiredMixin, UserPassesTestMixin, generic.UpdateView):
    form_class = ReminderSettingsForm
    template_name = "basket_reminders/settings.html"
    raise_exception = False

    def test_func(self):
        user = self.request.user
        return user.is_staff and user.has_perm("basket_reminders.change_remindersettings")

    def handle_no_permission(self):
        if self.request.user.is_authenticated:
            self.raise_exception = True
        return super().handle_no_permission()

    def get_object(self, queryset=None):
        return ReminderSettings.current()

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "results": results()}

    def form_valid(self, form):
        form.instance.changed_by = self.request.user
        form.save()
        state = "on" if form.instance.enabled else "off"
        messages.success(self.request, f"Basket reminders are {state}; settings saved.")
        return redirect("basket-reminders-dashboard:settings")

    def form_invalid(self, form):
        response = super().form_invalid(form)
        response.status_code = 400
        return response


app_name = "basket-reminders-dashboard"
urlpatterns = [path("", SettingsPage.as_view(), name="settings")]
