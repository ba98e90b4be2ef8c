"""Opens, clicks and revenue of marketing email, per send.

`instrument` (links.py) rewrites a recipient's HTML: each web link becomes a signed click
redirect and a 1×1 pixel is added, unless the address refused tracking. The pixel and the
redirect (views.py) record only the outbox key, the clicked URL and the time. A click also
leaves a signed cookie (visits.py) so the visitor's basket adds become email touches of
content attribution (attribution/), and the order lines they buy count for the send.
`figures` (figures.py) sums a send for staff.
"""
