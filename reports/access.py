"""Who may see which run.

Everyone with `reports.view_reportrun` sees their own runs and the scheduled ones.
Runs other staff requested need `reports.view_all_reportruns`, which the Merchandisers
role has (they share one shop's numbers); staff granted only the view/add permissions
individually see just their own. Requesting needs `reports.add_reportrun`.
"""
from django.db.models import Q

from .models import ReportRun


def visible_runs(user):
    runs = ReportRun.objects.select_related("requested_by")
    if user.has_perm("reports.view_all_reportruns"):
        return runs
    return runs.filter(Q(requested_by=user) | Q(requested_by__isnull=True))


def can_request(user):
    return user.has_perm("reports.add_reportrun")
