"""Returns in the dashboard: the list, and one return's page where it is decided, received and refunded.

Seeing needs `returns.view_returnrequest`, acting `returns.change_returnrequest` (the
Merchandisers role holds both: commerce/accounts/roles.py). Each action is one form on
the return's page, POSTed with CSRF; a refused step shows the page again with the
reason as a 400, and nothing changes.
"""
from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.views import generic

from .forms import DecisionForm, ReceiptForm
from .models import ReturnRequest
from .refunds import refund_due
from .rules import ReturnRefused
from .steps import decide, receive, refund


class CanView(PermissionRequiredMixin):
    raise_exception = True
    permission_required = "returns.view_returnrequest"


class ReturnList(CanView, generic.ListView):
    template_name = "returns/dashboard/list.html"
    context_object_name = "returns"
    paginate_by = 50

    def get_queryset(self):
        returns = ReturnRequest.objects.select_related("order", "order__user")
        status = self.request.GET.get("status", "")
        if status in ReturnRequest.Status.values:
            returns = returns.filter(status=status)
        return returns

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["statuses"] = ReturnRequest.Status.choices
        ctx["status"] = self.request.GET.get("status", "")
        return ctx


class ReturnDetail(CanView, generic.DetailView):
    template_name = "returns/dashboard/detail.html"
    context_object_name = "ret"
    actions = {"decide", "receive", "refund"}

    def get_object(self):
        return get_object_or_404(ReturnRequest.objects.select_related("order"), number=self.kwargs["number"])

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ret = self.object
        ctx.setdefault("decision_form", DecisionForm())
        ctx.setdefault("receipt_form", ReceiptForm(ret))
        ctx["lines"] = ret.lines.select_related("line")
        ctx["steps"] = ret.steps.select_related("by")
        if ret.status == ReturnRequest.Status.RECEIVED:
            ctx["due"] = refund_due(ret)
        ctx["can_change"] = self.request.user.has_perm("returns.change_returnrequest")
        return ctx

    def post(self, request, *args, **kwargs):
        self.object = ret = self.get_object()
        if not request.user.has_perm("returns.change_returnrequest"):
            return self._refused("You may look at returns but not change them.", status=403)
        action = request.POST.get("action", "")
        if action not in self.actions:
            return self._refused("Choose what to do with the return.")
        try:
            if action == "decide":
                form = DecisionForm(request.POST)
                if not form.is_valid():
                    return self._refused(" ".join(e for errs in form.errors.values() for e in errs), decision_form=form)
                ret = decide(ret, form.cleaned_data["decision"] == "approve", request.user, form.cleaned_data["note"])
            elif action == "receive":
                form = ReceiptForm(ret, request.POST)
                if not form.is_valid():
                    return self._refused(" ".join(e for errs in form.errors.values() for e in errs), receipt_form=form)
                ret = receive(ret, form.counts(), request.user)
            else:
                ret = refund(ret, request.user)
        except ReturnRefused as exc:
            return self._refused(str(exc))
        messages.success(request, f"Return {ret.rma} is {ret.get_status_display().lower()}.")
        return redirect("returns-dashboard:detail", number=ret.number)

    def _refused(self, message, status=400, **forms):
        messages.error(self.request, message)
        self.object.refresh_from_db()
        response = self.render_to_response(self.get_context_data(**forms))
        response.status_code = status
        return response


app_name = "returns-dashboard"
urlpatterns = [
    path("", ReturnList.as_view(), name="list"),
    path("<int:number>/", ReturnDetail.as_view(), name="detail"),
]
