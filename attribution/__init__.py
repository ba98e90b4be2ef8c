"""Content attribution: which content page, and which block on it, sold what.

A basket add made from a page's product block leaves a touch on the basket (touches.py);
placing the order gives each line its first and last touch within the window
(ATTRIBUTION_WINDOW_DAYS, placing.py); figures.py sums what the lines earned, net of
refunds, for the merchandisers' report (reports/builders/attribution.py) and the page's
own figure in the Wagtail admin (wagtail_hooks.py).
"""
