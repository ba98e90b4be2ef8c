"""Content attribution end to end: a sale from a blog post's blocks, its report, and a refund.

Given a blog post (owned by an editor, tagged "marmalade") with a product block for the
jam and a product grid holding the marmalade, when a guest adds both from the post and
pays at localstripe, then each order line keeps the post and the block it came from, and
the Content attribution report (built by its Celery task) shows the post, each block type,
the author and the tag with exact figures. A $5.00 refund from the dashboard then comes off
the post's net revenue exactly, shared between the two lines by their value.
"""
import datetime as dt

import pytest
from oscar.core.loading import get_model

from reports.periods import shop_today
from tests.checkout_steps import guest_checkout_to_payment_step, paid_at_localstripe
from tests.factories import grid_block, product_block

Line = get_model("order", "Line")

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("caches_on")]


def add_from(app, url, product):
    page = app.get(url)
    form = next(f for f in page.forms.values() if f.action == f"/shop/basket/add/{product.pk}/")
    return form.submit().follow()


def table_rows(page, key):
    return [[td.get_text(strip=True) for td in tr.select("td")]
            for tr in page.html.select(f"table[data-table={key}] tbody tr")]


def request_report(app, merchandiser, committed):
    app.set_user(merchandiser)
    form = app.get("/shop/dashboard/insights/").forms["request_report_form"]
    form["kind"] = "attribution"
    form["date_from"] = (shop_today() - dt.timedelta(days=6)).isoformat()
    form["date_to"] = shop_today().isoformat()
    with committed():  # the build is queued on commit and runs eagerly here
        response = form.submit()
    return response.follow()


def test_a_sale_from_a_posts_blocks_is_reported_by_page_block_author_and_tag_and_a_refund_comes_off(
        django_app, client, stripe, products, country, post, editor, merchandiser, committed):
    jam, marmalade = products[0], products[1]
    post.body = [product_block(jam), grid_block("Breakfast", products=[marmalade])]
    post.owner = editor
    post.tags.add("marmalade")
    post.save_revision().publish()

    add_from(django_app, post.url, jam)
    add_from(django_app, post.url, marmalade)
    order, _ = paid_at_localstripe(django_app, client, stripe, guest_checkout_to_payment_step(django_app, country))

    sold = {line.product_id: line.attribution for line in order.lines.all()}
    assert (sold[jam.pk].last_page_id, sold[jam.pk].last_block_type) == (post.pk, "product")
    assert (sold[marmalade.pk].first_page_id, sold[marmalade.pk].first_block_type) == (post.pk, "product_grid")

    report = request_report(django_app, merchandiser, committed)
    assert table_rows(report, "by_page") == [[post.title, post.url_path, "2", "$13.75", "$0.00", "$13.75", "$13.75"]]
    assert table_rows(report, "by_block") == [["product_grid", "1", "$7.25", "$0.00", "$7.25"],
                                              ["product", "1", "$6.50", "$0.00", "$6.50"]]
    assert table_rows(report, "by_author") == [["editor@example.com", "2", "$13.75", "$0.00", "$13.75"]]
    assert table_rows(report, "by_tag") == [["marmalade", "2", "$13.75", "$0.00", "$13.75"]]
    assert table_rows(report, "by_promotion") == [["Nothing in this period."]]  # not sold from a promotion page

    form = django_app.get(f"/shop/dashboard/orders/{order.number}/").forms["refund_form"]
    form["amount"] = "5.00"
    with committed():
        form.submit().follow()

    report = request_report(django_app, merchandiser, committed)
    assert table_rows(report, "by_page") == [[post.title, post.url_path, "2", "$13.75", "$5.00", "$8.75", "$13.75"]]
    # $5.00 shared by value: 5.00 × 7.25 / 13.75 = 2.64, 5.00 × 6.50 / 13.75 = 2.36
    assert table_rows(report, "by_block") == [["product_grid", "1", "$7.25", "$2.64", "$4.61"],
                                              ["product", "1", "$6.50", "$2.36", "$4.14"]]
