"""What an API key may do, and the permission class that checks it.

Each scope has the Django permission a signed-in staff member needs for the same thing, so
the browsable API works for staff on their session while integrations use keys.
"""
from rest_framework.permissions import BasePermission

from .models import ApiKey

SCOPES = {
    "catalogue:read": ("Read every product, public or not", "catalogue.view_product"),
    "catalogue:write": ("Create and edit products", "catalogue.change_product"),
    "stock:read": ("Read stock records", "partner.view_stockrecord"),
    "stock:write": ("Change stock counts and prices", "partner.change_stockrecord"),
    "orders:read": ("Read orders", "order.view_order"),
    "orders:write": ("Change order statuses", "order.change_order"),
    "refunds:write": ("Refund card payments", "order.change_order"),
}
CHOICES = [(scope, f"{scope}: {label}") for scope, (label, _) in SCOPES.items()]


def allows(request, scope):
    """Whether this request's key has `scope`, or its signed-in staff member the matching permission."""
    if isinstance(request.auth, ApiKey):
        return scope in request.auth.scopes
    user = request.user
    return bool(user and user.is_authenticated and user.is_staff and user.has_perm(SCOPES[scope][1]))


class HasScope(BasePermission):
    """The view names `read_scope` (GET/HEAD/OPTIONS) and `write_scope` (the rest)."""

    message = "This API key does not have the scope this request needs."

    def has_permission(self, request, view):
        safe = request.method in ("GET", "HEAD", "OPTIONS")
        scope = getattr(view, "read_scope" if safe else "write_scope", None)
        if scope is None:
            return False
        if not allows(request, scope):
            self.message = f"This request needs the “{scope}” scope."
            return False
        return True
