"""Dashboard pages: upload a file (checked at once in the background, the dry run), read
its row-by-row report, confirm the import, watch it, read what it did; download exports.

Oscar's permission decorator (apps.py) lets in staff who may change products and stock
(export: see products). Every such merchandiser sees every job: they share one catalogue.
"""
from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views import View
from django.views.decorators.http import require_POST

from . import exporting, formats
from .forms import UploadForm
from .models import ImportJob
from .tasks import check_catalogue_file, import_catalogue_file

OUTCOMES = ("created", "changed", "unchanged", "refused")
ROWS_PER_PAGE = 100


def jobs():
    return ImportJob.objects.defer("content", "rows").select_related("created_by", "confirmed_by")


class ImportIndexView(View):
    def get(self, request, form=None, status=200):
        return render(request, "catalogue_files/index.html", {
            "form": form or UploadForm(), "jobs": jobs()[:20], "layouts": ImportJob.Layout.choices,
            "max_rows": settings.CATALOGUE_IMPORT_MAX_ROWS,
            "max_bytes": settings.CATALOGUE_IMPORT_MAX_BYTES}, status=status)

    def post(self, request):
        form = UploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.get(request, form=form, status=400)
        upload = form.cleaned_data["file"]
        job = ImportJob.objects.create(created_by=request.user, file_name=upload.name[:255],
                                       file_format=formats.file_format(upload.name), content=upload.read())
        check_catalogue_file.queue_after_commit(job.pk)
        messages.info(request, f"“{job.file_name}” is being checked; nothing is written until you confirm.")
        return redirect("catalogue-files:catalogue-file-job", pk=job.pk)


def job_page(request, pk):
    job = get_object_or_404(ImportJob.objects.defer("content").select_related("created_by", "confirmed_by"), pk=pk)
    show = request.GET.get("show")
    rows = [r for r in job.rows if r["outcome"] == show] if show in OUTCOMES else job.rows
    page = Paginator(rows, ROWS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "catalogue_files/job.html", {
        "job": job, "page_obj": page, "rows": page.object_list, "show": show if show in OUTCOMES else "",
        "outcomes": [(o, getattr(job, o)) for o in OUTCOMES],
        "status_url": reverse("catalogue-files:catalogue-file-job-status", args=[job.pk])})


def job_status(request, pk):
    job = get_object_or_404(jobs(), pk=pk)
    return JsonResponse({"status": job.status, "label": job.get_status_display(), "processed": job.processed,
                         "total": job.total, "progress": job.progress, "finished": not job.is_busy, "error": job.error,
                         "detail": f"{job.processed} of {job.total or '?'} rows"})


@require_POST
def apply_job(request, pk):
    job = get_object_or_404(jobs(), pk=pk)
    if job.status != ImportJob.Status.CHECKED:
        messages.error(request, "Only a checked file can be imported, and only once.")
        return redirect("catalogue-files:catalogue-file-job", pk=job.pk)
    updated = ImportJob.objects.filter(pk=job.pk, status=ImportJob.Status.CHECKED).update(
        status=ImportJob.Status.APPLYING, confirmed_by=request.user, processed=0)
    if updated:  # a second click (or another merchandiser) finds it already importing
        import_catalogue_file.queue_after_commit(job.pk)
        messages.success(request, f"Importing “{job.file_name}”.")
    return redirect("catalogue-files:catalogue-file-job", pk=job.pk)


def export(request, layout, fmt):
    if layout not in (formats.FULL, formats.STOCK_ONLY) or fmt not in formats.FORMATS:
        raise Http404("Exports are catalogue or stock, as .csv or .xlsx.")
    content, mimetype, filename = exporting.export(layout, fmt)
    response = HttpResponse(content, content_type=mimetype)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
