"""Dashboard pages: request a report, watch it build, read it, download it.

Oscar's permission decorator (apps.py) lets in staff with `reports.view_reportrun`;
which runs each of them may open is decided in access.py.
"""
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views import View

from . import charts, exports
from .access import can_request, visible_runs
from .forms import ReportRequestForm, SubscriptionForm
from .models import ReportRun, ReportSubscription
from .tasks import request_run

FORMATS = ("csv", "xlsx")


class ReportIndexView(View):
    template_name = "reports/index.html"

    def get(self, request, form=None, status=200):
        page = Paginator(visible_runs(request.user), 25).get_page(request.GET.get("page"))
        subscription = ReportSubscription.objects.filter(user=request.user).first()
        return render(request, self.template_name, {
            "form": form or ReportRequestForm(), "page_obj": page, "runs": page.object_list,
            "can_request": can_request(request.user), "subscription_form": SubscriptionForm(instance=subscription),
        }, status=status)

    def post(self, request):
        if not can_request(request.user):
            raise PermissionDenied
        form = ReportRequestForm(request.POST)
        if not form.is_valid():
            return self.get(request, form=form, status=400)
        run = request_run(user=request.user, **form.cleaned_data)
        messages.success(request, f"{run.get_kind_display()} report requested; it is being built.")
        return redirect("reports:report-run", pk=run.pk)


class ReportRunView(View):
    def get(self, request, pk):
        run = get_object_or_404(visible_runs(request.user), pk=pk)
        context = {"run": run, "status_url": reverse("reports:report-run-status", args=[run.pk])}
        if run.status == ReportRun.Status.DONE:
            context["charts"] = charts.render_all(run.result)
            context["tables"] = run.result["tables"]
        return render(request, "reports/run.html", context)


def run_status(request, pk):
    run = get_object_or_404(visible_runs(request.user), pk=pk)
    return JsonResponse({"status": run.status, "progress": run.progress, "step": run.step,
                         "finished": run.is_finished, "error": run.error, "label": run.get_status_display(),
                         "detail": run.step or "waiting for a worker"})


def download(request, pk, fmt):
    if fmt not in FORMATS:
        raise Http404("Reports download as .csv or .xlsx.")
    run = get_object_or_404(visible_runs(request.user), pk=pk)
    if run.status != ReportRun.Status.DONE:
        return HttpResponse("This report has not finished building, so there is nothing to download yet.",
                            status=409, content_type="text/plain; charset=utf-8")
    content, mimetype, filename = exports.export(run, fmt)
    response = HttpResponse(content, content_type=mimetype)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class SubscriptionView(View):
    def post(self, request):
        subscription = ReportSubscription.objects.filter(user=request.user).first()
        form = SubscriptionForm(request.POST, instance=subscription or ReportSubscription(user=request.user))
        form.save()  # two checkboxes: always valid
        messages.success(request, "Your report email choices are saved.")
        return redirect("reports:report-runs")
