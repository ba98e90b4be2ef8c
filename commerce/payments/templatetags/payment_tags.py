from django import template

from ..state import payment_state as _payment_state

register = template.Library()


@register.simple_tag
def payment_state(order):
    """`{% payment_state order as state %}`: see commerce/payments/state.py."""
    return _payment_state(order)


@register.simple_tag
def new_refund_key():
    """A fresh key per rendered refund form: submitting that form twice refunds once."""
    import uuid

    return uuid.uuid4().hex
