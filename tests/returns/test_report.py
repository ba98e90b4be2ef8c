"""The returns report: returns and refunds by reason and by product, built like every report.

Given a refunded return (a damaged jar, restocked) and a rejected one (a change of mind),
when a merchandiser requests the "Returns and refunds" report for the period, then it
counts each return under its reason, leaves the rejected one's units out, and shows the
amount refunded and the goods received per product.
"""
import datetime as dt

import pytest

from commerce.returns import steps
from reports.models import ReportRun
from reports.periods import shop_today

pytestmark = pytest.mark.django_db


def rows(page, key):
    return [[td.get_text(strip=True) for td in tr.select("td")]
            for tr in page.html.select(f"table[data-table={key}] tbody tr")]


def test_returns_and_refunds_by_reason_and_product(django_app, merchandiser, shopper, stripe, products,
                                                   delivered_card_order, delivered, committed):
    order, _ = delivered_card_order(products[0], quantity=2, user=shopper)
    jam = order.lines.get()
    ret = steps.request_return(order, {jam.pk: 1}, "damaged", by=shopper)
    steps.decide(ret, True, merchandiser)
    steps.receive(ret, {ret.lines.get().pk: (1, 0)}, merchandiser)
    steps.refund(ret, merchandiser)
    other = delivered((products[1], 1), user=shopper)
    rejected = steps.request_return(other, {other.lines.get().pk: 1}, "changed_mind", by=shopper)
    steps.decide(rejected, False, merchandiser, "Opened")

    django_app.set_user(merchandiser)
    form = django_app.get("/shop/dashboard/insights/").forms["request_report_form"]
    form["kind"] = "returns"
    form["date_from"] = (shop_today() - dt.timedelta(days=6)).isoformat()
    form["date_to"] = shop_today().isoformat()
    with committed():
        response = form.submit()
    page = response.follow()

    assert ReportRun.objects.get().status == "done"
    by_reason = {row[0]: row[1:] for row in rows(page, "by_reason")}
    assert by_reason["Arrived damaged"] == ["1", "0", "1", "$6.50"]
    assert by_reason["Changed my mind"] == ["1", "1", "0", "$0.00"]
    assert by_reason["Wrong item sent"] == ["0", "0", "0", "$0.00"]
    [product] = rows(page, "by_product")
    assert product[0] == "Damson jam" and product[2:] == ["1", "1", "0", "$6.50"]
