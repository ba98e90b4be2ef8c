"""One builder per report. Each takes a ReportRun and a `progress(percent, step)` callback
and returns the result document (see result.py); all arithmetic on rows happens in SQL."""
from . import attribution, customers, inventory, returns, sales

BUILDERS = {
    "sales": sales.build,
    "inventory": inventory.build,
    "customers": customers.build,
    "returns": returns.build,
    "attribution": attribution.build,
}
