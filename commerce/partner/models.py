"""Oscar's partner models, with the cost price Oscar 2.1 dropped put back on StockRecord:
the inventory report values stock at cost as well as at price."""
from django.db import models
from oscar.apps.partner.abstract_models import AbstractStockRecord


class StockRecord(AbstractStockRecord):
    cost_price = models.DecimalField(
        "Cost price", max_digits=12, decimal_places=2, null=True, blank=True,
        help_text="What one unit cost us (before tax); empty leaves the record out of stock value at cost.",
    )


from oscar.apps.partner.models import *  # noqa: E402,F401,F403
