"""The content health report in /cms/ (Reports menu) and the editor's opt-in to its email.

The report lists content/health.py's problems; the opt-in is a panel of the editor's own
account settings, so each editor decides for themselves.
"""
from django import forms
from wagtail.admin.views.account import BaseSettingsPanel, notifications_tab
from wagtail.admin.views.reports import ReportView

from content import health
from content.models import ContentHealthSubscription


class ContentHealthReportView(ReportView):
    page_title = "Content health"
    header_icon = "warning"
    index_url_name = "content_health"
    index_results_url_name = "content_health_results"
    results_template_name = "content/reports/content_health_results.html"

    def get_queryset(self):
        return health.problems()


class ContentHealthSubscriptionForm(forms.ModelForm):
    class Meta:
        model = ContentHealthSubscription
        fields = ["daily"]


class ContentHealthEmailPanel(BaseSettingsPanel):
    name = "content_health"
    title = "Content health report"
    tab = notifications_tab
    order = 600
    form_class = ContentHealthSubscriptionForm

    def get_form(self):
        subscription = ContentHealthSubscription.objects.filter(user=self.user).first() or \
            ContentHealthSubscription(user=self.user)
        data = (self.request.POST,) if self.request.method == "POST" else ()
        return self.form_class(*data, instance=subscription, prefix=self.name)
