"""What content pages sold in the last 30 days, in the Wagtail admin (Reports → Content sales).

Editors see it per page too, on the page's header menu (wagtail_hooks.py). The figures are
attribution/figures.py's, the same as the merchandisers' report, over the last 30 days.
"""
from wagtail.admin.views.reports import ReportView

from . import figures

DAYS = 30


class ContentSalesReportView(ReportView):
    page_title = f"Content sales, last {DAYS} days"
    header_icon = "tag"
    index_url_name = "attribution_content_sales"
    index_results_url_name = "attribution_content_sales_results"
    results_template_name = "attribution/content_sales_results.html"

    def get_queryset(self):
        rows = figures.sums_by(figures.attributed_lines(figures.last_days(DAYS)), "last_page_id", "last_page__title")
        return [{**row, "net": row["revenue"] - row["refunds"]} for row in rows if row["last_page_id"]]
