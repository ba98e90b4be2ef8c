"""Previewing the shop at a moment: staff browse the storefront as it will be then.

A member of staff chooses a moment (next Friday 9:00, in the shop's time zone); until they
leave the preview, every storefront page they see shows what will be live then:
scheduled page revisions (and pages expired by then), promotion windows, Oscar's offer
and voucher windows and the basket prices that follow. One clock answers all of them
(clock.py `shop_now`), so the places that decide what is on show never read the time
another way.

The moment is the staff member's own, kept in their session: their requests render for
them alone (the page cache and shared fragments are neither read nor written), every
page says so in a banner, and checkout is closed, so nothing is ever ordered "in the
future". Staff areas (Wagtail admin, Oscar dashboard) keep the real clock.
"""
