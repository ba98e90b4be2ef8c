"""The order page's status form in the dashboard, sent as a merchandiser sends it."""


def status_form(app, order):
    return app.get(f"/shop/dashboard/orders/{order.number}/").forms["order_status_form"]


def change_on_dashboard(app, order, status, **fields):
    """Move `order` to `status` (with e.g. carrier and tracking_number); the response, refused or not."""
    form = status_form(app, order)
    form["new_status"] = status
    for name, value in fields.items():
        form[name] = value
    return form.submit(expect_errors=True)
