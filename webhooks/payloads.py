"""What an event says: the least a receiver needs, and nothing about the customer.

Decided: no names, emails, addresses, phone numbers or tracking numbers (which lead to a
delivery address) ever go into a webhook, so the stored bodies hold no personal data and
an account's erasure has nothing to find there (security/personal_data.py). An order is
its number, status, currency and totals; a receiver that needs more asks the dashboard.
Money is sent as strings ("12.50"), never floats.
"""


def money(value):
    return None if value is None else str(value)


def order_data(order):
    return {"order": {
        "number": str(order.number),  # the checkout's order object still holds the int it was made with
        "status": order.status,
        "currency": order.currency,
        "total_incl_tax": money(order.total_incl_tax),
        "total_excl_tax": money(order.total_excl_tax),
        "shipping_incl_tax": money(order.shipping_incl_tax),
        "date_placed": order.date_placed.isoformat() if order.date_placed else None,
        "lines": [{"product_id": line.product_id, "sku": line.partner_sku, "quantity": line.quantity,
                   "line_price_incl_tax": money(line.line_price_incl_tax)} for line in order.lines.all()],
    }}


def stock_data(record):
    return {"partner_sku": record.partner_sku, "price": money(record.price), "currency": record.price_currency,
            "num_in_stock": record.num_in_stock, "num_allocated": record.num_allocated,
            "low_stock_threshold": record.low_stock_threshold}


def product_data(product):
    return {"product": {
        "id": product.pk, "upc": product.upc, "title": product.title, "is_public": product.is_public,
        "parent_id": product.parent_id,
        "stockrecords": [stock_data(record) for record in product.stockrecords.all()],
    }}
