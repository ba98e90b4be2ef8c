"""Returns (RMA): a customer sends delivered goods back, the shop decides, receives and refunds.

The path, whole (each step a module here):

    rules.py     what may come back: delivered orders, inside settings.RETURN_WINDOW_DAYS,
                 at most what was bought less what earlier returns already hold
    steps.py     request → approve / reject → receive (restock or write off) → refund; each
                 step locked, recorded as a ReturnStep (the order's timeline) and emailed
    refunds.py   how much goes back: goods, their share of the tax, delivery only when the
                 whole order comes back through the shop's fault
    views.py     the shopper's and the guest's pages; dashboard.py the merchandiser's
"""
