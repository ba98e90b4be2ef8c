"""Staff roles as Django groups, kept in step with the code after every migrate.

Oscar 4.2's dashboard checks model permissions view by view, so "is_staff" alone
opens only the dashboard's front page. A merchandiser runs catalogue, stock, offers,
vouchers, shipping and orders; editors are Wagtail's own "Editors" group.
"""
from django.contrib.auth.models import Group, Permission

MERCHANDISERS = "Merchandisers"

# Every permission of these apps (view/add/change/delete on each of their models).
MERCHANDISER_APPS = ["catalogue", "partner", "offer", "voucher", "order", "shipping", "reviews"]
# Plus these, from apps a merchandiser only touches in part.
MERCHANDISER_EXTRA = [("payment", "view_source"), ("payment", "view_transaction"), ("analytics", "view_productrecord")]


def merchandiser_permissions():
    perms = Permission.objects.filter(content_type__app_label__in=MERCHANDISER_APPS)
    for app_label, codename in MERCHANDISER_EXTRA:
        perms = perms | Permission.objects.filter(content_type__app_label=app_label, codename=codename)
    return perms


def ensure_roles(**kwargs):
    """Create or refresh the Merchandisers group (idempotent; runs on post_migrate)."""
    group, _ = Group.objects.get_or_create(name=MERCHANDISERS)
    group.permissions.set(merchandiser_permissions())
    return group


def make_merchandiser(user):
    """Give a user dashboard access as a merchandiser."""
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    user.groups.add(ensure_roles())
    return user
