"""{% email_send_figures "newsletter:12" %}: a send's figures as a table for staff (email_tracking/figures.py).

Staff pages only: the figures are per send, never per recipient."""
from django import template

from reports.builders.common import money

from ..figures import figures, rate

register = template.Library()


@register.inclusion_tag("email_tracking/send_figures.html")
def email_send_figures(key_prefix, days=None):
    found = figures(key_prefix, days=days)
    delivered = found["delivered"]
    return {"figures": found, "revenue": money(found["revenue"]), "refunds": money(found["refunds"]),
            "rates": {name: rate(found[name], delivered) for name in ("opened", "clicked", "unsubscribed")}}
